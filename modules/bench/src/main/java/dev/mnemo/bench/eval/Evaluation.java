package dev.mnemo.bench.eval;

import dev.mnemo.bench.BenchArgs;
import dev.mnemo.bench.report.EvalBlock;
import dev.mnemo.bench.store.ScratchDatabase;
import dev.mnemo.core.MnemoCore;
import dev.mnemo.core.events.EventDraft;
import dev.mnemo.core.events.EventSearch;
import dev.mnemo.core.events.EventService;
import dev.mnemo.core.search.Fusion;
import dev.mnemo.core.search.SearchMode;
import dev.mnemo.core.search.lexical.TextAnalysis;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingConfig;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.model.events.Event;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.migration.Migrator;
import io.r2dbc.pool.ConnectionPool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code make eval}: every search method of Mnemo on labelled sets built from real material, through the real
 * service (EventService over PostgreSQL, the bundled models, the lexical index), each set in a scratch database:
 * MRR@10, recall@1/10/100 and the p50 latency of a search (query embedding included, no cache). Lucene's own BM25
 * with the same analyzer on the same set is the reference for the lexical index.
 *
 * <pre>
 * java -cp ... dev.mnemo.bench.eval.Evaluation sets=prose,code docs=2000 queries=1000 sources=DIR out=DIR
 * (DIR of sources: the sources jars and Debian's Translation-en, as scripts/eval.sh fetches them)
 * </pre>
 */
public final class Evaluation {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Tenant TENANT = Tenant.DEFAULT;
    private static final int DEPTH = 100;

    /** A way to search: a mode and the embedding domain of its vector leg. */
    record Method(String name, SearchMode mode, EmbeddingDomain domain) {
    }

    static final List<Method> METHODS = List.of(
            new Method("vector TEXT", SearchMode.VECTOR, EmbeddingDomain.TEXT),
            new Method("vector CODE", SearchMode.VECTOR, EmbeddingDomain.CODE),
            new Method("vector HYBRID (TEXT+CODE, RRF)", SearchMode.VECTOR, EmbeddingDomain.BOTH),
            new Method("lexical (BM25 in SQL)", SearchMode.LEXICAL, EmbeddingDomain.TEXT),
            new Method("hybrid: TEXT + lexical (service default fusion)", SearchMode.HYBRID, EmbeddingDomain.TEXT),
            new Method("hybrid: CODE + lexical (service default fusion)", SearchMode.HYBRID, EmbeddingDomain.CODE));

    /** One method's figures on one set. */
    record Score(String method, double mrr10, double recall1, double recall10, double recall100, double p50ms) {
    }

    private Evaluation() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchArgs.parse(args);
        List<String> sets = Arrays.asList(a.getOrDefault("sets", "prose,code").split(","));
        int docs = Integer.parseInt(a.getOrDefault("docs", "2000"));
        int queries = Integer.parseInt(a.getOrDefault("queries", "1000"));
        Path out = Path.of(a.getOrDefault("out", "modules/bench/target/eval"));
        Path sources = Path.of(a.getOrDefault("sources", "modules/bench/target/eval-sources"));
        StringBuilder report = new StringBuilder();
        for (String name : sets) {
            EvalSet set = switch (name.strip()) {
                case "prose" -> ProseSet.load(sources.resolve("Translation-en"), docs, queries);
                case "code" -> {
                    List<Path> jars;
                    try (var files = Files.list(sources)) {
                        jars = files.filter(p -> p.toString().endsWith("-sources.jar")).sorted().toList();
                    }
                    yield CodeSet.load(jars, docs, queries);
                }
                default -> throw new IllegalArgumentException("sets are prose and code, not " + name);
            };
            System.err.printf("%s: %d documents, %d queries (%s)%n", set.name(), set.documents().size(),
                    set.queries().size(), set.source());
            List<Score> scores = new ArrayList<>();
            ScratchDatabase.run("eval_" + set.name(), db -> scores.addAll(evaluate(db, set)));
            scores.add(lucene(set));
            report.append(table(set, scores));
            System.out.println(table(set, scores));
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.md"), report.toString(), StandardCharsets.UTF_8);
        Path doc = Path.of(a.getOrDefault("doc", "docs/benchmarks.md"));
        if (Files.exists(doc)) {
            Files.writeString(doc, EvalBlock.replace(Files.readString(doc), "## Search quality (`make eval`)\n\n"
                    + "Generated by `make eval` (scripts/eval.sh) on " + java.time.LocalDate.now() + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores. Every method runs through `EventService` on"
                    + " PostgreSQL with the bundled models (TEXT all-MiniLM-L6-v2, CODE bge-small-en-v1.5, fp32"
                    + "), each set in a scratch database; each query asks for 100 hits, no embedding cache. MRR@10"
                    + " and recall@k of the one right document; p50 of one search, query embedding included. \"fusion\""
                    + " rows fuse the single legs' own top-100 lists offline with the service's `Fusion` (to choose the"
                    + " default); the Lucene row is the reference for the lexical index (same analyzer, in memory).\n"
                    + report));
        }
        System.exit(0);
    }

    private static List<Score> evaluate(DatabaseUrl db, EvalSet set) throws Exception {
        new Migrator(db, 384).migrate();
        MnemoSettings settings = new Binder(new MapConfigurationPropertySource(Map.of("mnemo.db.url", db.toUrl(),
                "mnemo.search.lexical.events-analyzer", set.analyzer())))
                .bindOrCreate("mnemo", MnemoSettings.class);
        EmbeddingConfig d = EmbeddingConfig.defaults();
        // No embedding cache: every query is embedded, as a new question would be.
        EmbeddingConfig config = new EmbeddingConfig(d.text(), d.code(), d.budgetMb(), 0, d.inferenceThreads(), true,
                d.batchWindow(), d.maxBatchTokens(), d.maxInputChars(), d.intraOpThreads());
        ConnectionPool pool = MnemoCore.pool(db, settings);
        try (DualEmbeddingService models = new DualEmbeddingService(config)) {
            EventService service = MnemoCore.builder(settings, pool).embeddings(models)
                    .indexer(1, Duration.ofHours(1), false).build().events();
            Map<UUID, Integer> index = new HashMap<>();
            long started = System.nanoTime();
            for (int from = 0; from < set.documents().size(); from += 64) {
                List<EventDraft> batch = new ArrayList<>();
                for (int i = from; i < Math.min(set.documents().size(), from + 64); i++) {
                    UUID id = UUID.nameUUIDFromBytes((set.name() + i).getBytes(StandardCharsets.UTF_8));
                    index.put(id, i);
                    batch.add(new EventDraft(id, null, JSON.createObjectNode().put("text", set.documents().get(i)),
                            JSON.createObjectNode().put("set", set.name()), null, EmbeddingDomain.BOTH));
                }
                service.createAll(TENANT, batch, "").blockLast();
                System.err.printf("\r%s: %d/%d documents embedded (TEXT + CODE) and indexed", set.name(),
                        Math.min(set.documents().size(), from + 64), set.documents().size());
            }
            System.err.printf(" in %.0f s%n", (System.nanoTime() - started) / 1e9);
            ScratchDatabase.execute(db, "VACUUM ANALYZE");
            List<Score> scores = new ArrayList<>();
            // Each method's hits per query, kept to fuse the single legs offline in other ways (below).
            Map<String, List<List<Fusion.Hit<Integer>>>> legs = new HashMap<>();
            for (Method m : METHODS) {
                int[] ranks = new int[set.queries().size()];
                List<Double> times = new ArrayList<>();
                List<List<Fusion.Hit<Integer>>> lists = new ArrayList<>();
                for (int q = 0; q < set.queries().size(); q++) {
                    EvalSet.Query query = set.queries().get(q);
                    long t = System.nanoTime();
                    List<Event> hits = service.search(TENANT, EventSearch.page(DEPTH, 0).text(query.text())
                            .mode(m.mode()).domain(m.domain()).withVectors(false).build()).block().events();
                    times.add((System.nanoTime() - t) / 1e6);
                    List<Integer> found = hits.stream().map(e -> index.get(e.id())).toList();
                    ranks[q] = found.indexOf(query.answer()) + 1;
                    lists.add(hits.stream().map(e -> new Fusion.Hit<>(index.get(e.id()), e.similarity())).toList());
                }
                legs.put(m.name(), lists);
                scores.add(score(m.name(), ranks, times));
                System.err.printf("%s: %s done%n", set.name(), m.name());
            }
            scores.addAll(fusions(set, legs));
            return scores;
        } finally {
            pool.dispose();
        }
    }

    /**
     * Other ways to fuse a vector leg with the lexical leg, computed from the legs' own hits (top 100 each) with the
     * service's {@link Fusion}: RRF with the vector leg weighted 1, 2 or 3 against the lexical leg's 1, and min-max
     * normalised score sums. They pick the default fusion; latency is not measured for them (no search runs).
     */
    private static List<Score> fusions(EvalSet set, Map<String, List<List<Fusion.Hit<Integer>>>> legs) {
        List<Score> out = new ArrayList<>();
        List<List<Fusion.Hit<Integer>>> lexical = legs.get("lexical (BM25 in SQL)");
        for (String vector : List.of("vector TEXT", "vector CODE")) {
            String leg = vector.substring("vector ".length());
            for (double w : new double[] {1, 2, 3}) {
                out.add(fused(set, String.format(Locale.ROOT, "fusion: %s + lexical, RRF %.0f:1", leg, w),
                        legs.get(vector), lexical, (v, l) -> Fusion.rrf(List.of(new Fusion.Leg<>(v, w),
                                new Fusion.Leg<>(l, 1.0)))));
            }
            for (double w : new double[] {0.5, 0.6, 0.7, 0.8}) {
                out.add(fused(set, String.format(Locale.ROOT, "fusion: %s + lexical, min-max %.1f:%.1f", leg, w, 1 - w),
                        legs.get(vector), lexical, (v, l) -> Fusion.weighted(List.of(new Fusion.Leg<>(v, w),
                                new Fusion.Leg<>(l, 1 - w)))));
            }
        }
        return out;
    }

    private static Score fused(EvalSet set, String name, List<List<Fusion.Hit<Integer>>> vector,
                               List<List<Fusion.Hit<Integer>>> lexical,
                               java.util.function.BiFunction<List<Fusion.Hit<Integer>>, List<Fusion.Hit<Integer>>,
                                       List<Fusion.Fused<Integer>>> fuse) {
        int[] ranks = new int[set.queries().size()];
        for (int q = 0; q < ranks.length; q++) {
            List<Fusion.Fused<Integer>> fused = fuse.apply(vector.get(q), lexical.get(q));
            for (int r = 0; r < Math.min(DEPTH, fused.size()); r++) {
                if (fused.get(r).key() == set.queries().get(q).answer()) {
                    ranks[q] = r + 1;
                    break;
                }
            }
        }
        return score(name, ranks, List.of());
    }

    /** The reference: Lucene's BM25 with the set's analyzer, over the same documents and queries (in memory). */
    private static Score lucene(EvalSet set) throws Exception {
        TextAnalysis analysis = TextAnalysis.parse(set.analyzer());
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(analysis.analyzer())
                .setSimilarity(new BM25Similarity()))) {
            for (int i = 0; i < set.documents().size(); i++) {
                Document doc = new Document();
                doc.add(new StoredField("i", i));
                doc.add(new TextField("text", set.documents().get(i), Field.Store.NO));
                writer.addDocument(doc);
            }
        }
        int[] ranks = new int[set.queries().size()];
        List<Double> times = new ArrayList<>();
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            searcher.setSimilarity(new BM25Similarity());
            for (int q = 0; q < set.queries().size(); q++) {
                EvalSet.Query query = set.queries().get(q);
                long t = System.nanoTime();
                BooleanQuery.Builder b = new BooleanQuery.Builder();
                analysis.terms(query.text()).frequencies().forEach((term, n) -> {
                    for (int k = 0; k < n; k++) {
                        b.add(new TermQuery(new Term("text", term)), BooleanClause.Occur.SHOULD);
                    }
                });
                ScoreDoc[] hits = searcher.search(b.build(), DEPTH).scoreDocs;
                times.add((System.nanoTime() - t) / 1e6);
                for (int r = 0; r < hits.length; r++) {
                    if (searcher.storedFields().document(hits[r].doc).getField("i").numericValue().intValue() == query.answer()) {
                        ranks[q] = r + 1;
                        break;
                    }
                }
            }
        }
        return score("Lucene BM25, same analyzer (reference, in memory)", ranks, times);
    }

    static Score score(String method, int[] ranks, List<Double> times) {
        double mrr = 0;
        int r1 = 0;
        int r10 = 0;
        int r100 = 0;
        for (int rank : ranks) {
            if (rank > 0 && rank <= 10) {
                mrr += 1.0 / rank;
                r10++;
                r1 += rank == 1 ? 1 : 0;
            }
            r100 += rank > 0 ? 1 : 0;
        }
        int n = ranks.length;
        List<Double> sorted = new ArrayList<>(times);
        sorted.sort(Double::compare);
        return new Score(method, mrr / n, (double) r1 / n, (double) r10 / n, (double) r100 / n,
                sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2));
    }

    static String table(EvalSet set, List<Score> scores) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%n### %s: %d queries, %d documents%n%nSource: %s. Lexical analysis: %s.%n%n",
                set.name(), set.queries().size(), set.documents().size(), set.source(), set.analyzer()));
        t.append("| method | MRR@10 | R@1 | R@10 | R@100 | p50 ms |\n|---|---|---|---|---|---|\n");
        for (Score s : scores) {
            t.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %s |%n", s.method(), s.mrr10(),
                    s.recall1(), s.recall10(), s.recall100(),
                    Double.isNaN(s.p50ms()) ? "(offline)" : String.format(Locale.ROOT, "%.1f", s.p50ms())));
        }
        return t.toString();
    }
}
