package dev.mnemo.bench.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A labelled retrieval set: documents, and queries each of which has exactly one right document (by index). Built by a
 * generator from real material ({@link ProseSet}, {@link CodeSet}), never written by hand.
 *
 * @param analyzer the lexical analysis the set is searched with (prose or code)
 */
record EvalSet(String name, String source, String analyzer, List<String> documents, List<Query> queries) {

    record Query(String text, int answer) {
    }

    /**
     * Keeps at most {@code maxDocuments} documents (a seeded sample) and asks at most {@code maxQueries} of them:
     * the documents not asked about stay as distractors.
     */
    static EvalSet sample(String name, String source, String analyzer, List<String> documents, List<String> questions,
                          int maxDocuments, int maxQueries, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        List<Integer> kept = order.subList(0, Math.min(maxDocuments, order.size()));
        List<String> docs = new ArrayList<>();
        List<Query> queries = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            docs.add(documents.get(kept.get(i)));
            if (queries.size() < maxQueries) {
                queries.add(new Query(questions.get(kept.get(i)), i));
            }
        }
        return new EvalSet(name, source, analyzer, docs, queries);
    }
}
