package dev.mnemo.store.lexical;

import dev.mnemo.model.search.Terms;
import dev.mnemo.store.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lexical index's SQL, the same for every searchable table (migration V9): common table expressions that index
 * or unindex documents inside the statement that writes or deletes their rows (so postings, document frequencies and
 * lengths are exact with the rows, transaction for transaction), and the BM25 ranking of a query's candidates.
 *
 * <p>BM25 as Lucene scores it: {@code idf = ln(1 + (N - df + 0.5) / (df + 0.5))}, per matched term
 * {@code idf * tf / (tf + k1 * (1 - b + b * dl / avgdl))}, summed, a repeated query term counted as often as it is
 * repeated. N and the average length are the index's documents that have terms; df is counted from the postings.
 */
public final class LexicalSql {

    private LexicalSql() {
    }

    /** Documents to index: each one's id (as text) and terms, in parallel arrays ready to bind. */
    public record Batch(String[] docIds, Integer[] lengths, String[] postingDocs, String[] postingTerms, Integer[] postingTfs) {

        /** {@code terms} null: that document is not analysed by this write (the backfill will). */
        public static Batch of(List<String> ids, List<Terms> terms) {
            List<String> docs = new ArrayList<>();
            List<Integer> lengths = new ArrayList<>();
            List<String> pDocs = new ArrayList<>();
            List<String> pTerms = new ArrayList<>();
            List<Integer> pTfs = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                Terms t = terms.get(i);
                // The first of repeated ids is the row written (inserts keep the first); a null id is not known here.
                if (t == null || ids.get(i) == null || !seen.add(ids.get(i))) {
                    continue;
                }
                docs.add(ids.get(i));
                lengths.add(t.length());
                for (Map.Entry<String, Integer> e : t.frequencies().entrySet()) {
                    pDocs.add(ids.get(i));
                    pTerms.add(e.getKey());
                    pTfs.add(e.getValue());
                }
            }
            return new Batch(docs.toArray(String[]::new), lengths.toArray(Integer[]::new), pDocs.toArray(String[]::new),
                    pTerms.toArray(String[]::new), pTfs.toArray(Integer[]::new));
        }

        /** The five arrays bound into {@code sql}: the markers {@link #index} expects, in its order. */
        public String[] bind(Sql sql) {
            return new String[] {sql.bind(docIds), sql.bind(lengths), sql.bind(postingDocs), sql.bind(postingTerms),
                    sql.bind(postingTfs)};
        }
    }

    /**
     * CTEs (to follow {@code WITH ... ,}) that index the documents of {@code batch} whose ids {@code written} (a query
     * of text ids) returns: the rows this statement really wrote. A document already indexed is left as it is (its
     * postings too), so nothing is counted twice. The markers are the batch's five arrays in {@link Batch} order,
     * bound by the caller.
     */
    public static String index(String tenant, String index, String written, String[] markers) {
        String docs = "unnest(" + markers[0] + "::text[], " + markers[1] + "::int[]) AS d(doc_id, length)";
        return """
                lex_docs AS (
                    INSERT INTO lexical_docs (tenant_id, index_id, doc_id, length)
                    SELECT %1$s, %2$s, d.doc_id, d.length FROM %3$s WHERE d.doc_id IN (%4$s)
                    ON CONFLICT (tenant_id, index_id, doc_id) DO NOTHING
                    RETURNING doc_id, length
                ), lex_postings AS (
                    INSERT INTO lexical_postings (tenant_id, index_id, term, doc_id, tf, doc_length)
                    SELECT %1$s, %2$s, p.term, p.doc_id, p.tf, d.length
                    FROM unnest(%5$s::text[], %6$s::text[], %7$s::int[]) AS p(doc_id, term, tf)
                    JOIN lex_docs d USING (doc_id)
                ), lex_stats AS (
                    INSERT INTO lexical_stats (tenant_id, index_id, doc_count, total_length)
                    SELECT %1$s, %2$s, count(*) FILTER (WHERE length > 0), coalesce(sum(length), 0) FROM lex_docs
                    HAVING count(*) > 0
                    ON CONFLICT (tenant_id, index_id) DO UPDATE
                    SET doc_count = lexical_stats.doc_count + EXCLUDED.doc_count,
                        total_length = lexical_stats.total_length + EXCLUDED.total_length
                )""".formatted(tenant, index, docs, written, markers[2], markers[3], markers[4]);
    }

    /** CTEs that remove the documents {@code deleted} (a query of text ids) from the index, with their statistics. */
    public static String unindex(String tenant, String index, String deleted) {
        return """
                lex_gone AS (
                    DELETE FROM lexical_docs WHERE tenant_id = %1$s AND index_id = %2$s AND doc_id IN (%3$s)
                    RETURNING length
                ), lex_gone_postings AS (
                    DELETE FROM lexical_postings WHERE tenant_id = %1$s AND index_id = %2$s AND doc_id IN (%3$s)
                ), lex_stats_down AS (
                    UPDATE lexical_stats
                    SET doc_count = doc_count - (SELECT count(*) FROM lex_gone WHERE length > 0),
                        total_length = total_length - (SELECT coalesce(sum(length), 0) FROM lex_gone)
                    WHERE tenant_id = %1$s AND index_id = %2$s AND EXISTS (SELECT 1 FROM lex_gone)
                )""".formatted(tenant, index, deleted);
    }

    /** One statement that removes a whole index: its documents, postings and statistics (a dropped collection's). */
    public static String drop(String tenant, String index) {
        return """
                WITH lex_drop_postings AS (
                    DELETE FROM lexical_postings WHERE tenant_id = %1$s AND index_id = %2$s
                ), lex_drop_docs AS (
                    DELETE FROM lexical_docs WHERE tenant_id = %1$s AND index_id = %2$s
                )
                DELETE FROM lexical_stats WHERE tenant_id = %1$s AND index_id = %2$s""".formatted(tenant, index);
    }

    /**
     * CTEs ending in {@code lex_ranked(doc_id, score)}: every document of the index that has at least one of the
     * query's terms, with its BM25 score. Candidates come from the postings' primary key (term first): no scan of the
     * index's documents. The query's terms and their counts are bound here.
     */
    public static String rank(Sql sql, String tenant, String index, Terms query, double k1, double b) {
        String[] terms = query.frequencies().keySet().toArray(String[]::new);
        Integer[] counts = query.frequencies().values().toArray(Integer[]::new);
        return """
                lex_query AS (
                    SELECT * FROM unnest(%3$s::text[], %4$s::int[]) AS q(term, qtf)
                ), lex_n AS (
                    SELECT doc_count::float8 AS n, total_length::float8 / greatest(doc_count, 1) AS avgdl
                    FROM lexical_stats WHERE tenant_id = %1$s AND index_id = %2$s
                ), lex_hits AS (
                    SELECT p.doc_id, p.term, p.tf, p.doc_length, q.qtf
                    FROM lex_query q JOIN lexical_postings p
                      ON p.tenant_id = %1$s AND p.index_id = %2$s AND p.term = q.term
                ), lex_df AS (
                    SELECT term, count(*)::float8 AS df FROM lex_hits GROUP BY term
                ), lex_ranked AS (
                    SELECT h.doc_id,
                           sum(h.qtf * ln(1 + (n.n - f.df + 0.5) / (f.df + 0.5))
                               * h.tf / (h.tf + %5$s * (1 - %6$s + %6$s * h.doc_length / n.avgdl))) AS score
                    FROM lex_hits h JOIN lex_df f USING (term) CROSS JOIN lex_n n
                    GROUP BY h.doc_id
                )""".formatted(tenant, index, sql.bind(terms), sql.bind(counts), sql.bind(k1), sql.bind(b));
    }
}
