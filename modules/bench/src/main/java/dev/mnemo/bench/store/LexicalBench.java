package dev.mnemo.bench.store;

import dev.mnemo.bench.BenchArgs;
import dev.mnemo.bench.Corpus;
import dev.mnemo.core.MnemoCore;
import dev.mnemo.core.events.EventSearch;
import dev.mnemo.core.events.EventService;
import dev.mnemo.core.search.SearchMode;
import dev.mnemo.core.search.lexical.TextAnalysis;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.model.search.Terms;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.events.EventRepository;
import dev.mnemo.store.events.NewEvent;
import dev.mnemo.store.migration.Migrator;
import io.r2dbc.pool.ConnectionPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The lexical index at scale (issue 14's latency targets): {@code rows} events of varied prose (a Zipf vocabulary of
 * 30 000 words, 8-60 words each) with 384-d vectors, in a scratch database.
 * <ul>
 * <li>ingest: batches of 500 through {@code EventRepository.insertAll}, alternating with and without the lexical
 * index (analysis time included), rows/s of each;</li>
 * <li>search p50/p95 of lexical, vector and hybrid queries through {@code EventService} (query vectors given, so no
 * model runs and only the search is timed), unfiltered and with a metadata filter matching 10 % of the rows; the
 * queries are 2-3 words of a random stored document.</li>
 * </ul>
 * Usage: {@code java -cp ... dev.mnemo.bench.store.LexicalBench rows=100000 queries=300 out=DIR}.
 */
public final class LexicalBench {

    private static final int DIM = 384;
    private static final int BATCH = 500;
    private static final int VOCABULARY = 30_000;
    private static final JsonMapper JSON = JsonMapper.shared();

    private LexicalBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchArgs.parse(args);
        int rows = Integer.parseInt(a.getOrDefault("rows", "100000"));
        int queries = Integer.parseInt(a.getOrDefault("queries", "300"));
        Path out = Path.of(a.getOrDefault("out", "modules/bench/target/bench-results"));
        ScratchDatabase.run("bench_lexical", out, "lexical.json", db -> run(db, rows, queries));
        System.exit(0);
    }

    /** A word of the synthetic vocabulary: pronounceable, distinct per rank. */
    static String word(int rank) {
        String consonants = "bcdfghklmnprstvz";
        String vowels = "aeiou";
        StringBuilder w = new StringBuilder();
        int n = rank + 1;
        while (n > 0) {
            w.append(consonants.charAt(n % consonants.length()));
            n /= consonants.length();
            w.append(vowels.charAt(n % vowels.length()));
            n /= vowels.length();
        }
        return w.toString();
    }

    private static int zipf(Random random) {
        // Inverse-CDF of a Zipf-like law (s ~ 1): frequent words are few, most words are rare.
        return (int) Math.min(VOCABULARY - 1, Math.floor(Math.exp(random.nextDouble() * Math.log(VOCABULARY))) - 1);
    }

    private static ObjectNode run(DatabaseUrl db, int rows, int queries) throws Exception {
        new Migrator(db, DIM).migrate();
        MnemoSettings settings = new Binder(new MapConfigurationPropertySource(Map.of("mnemo.db.url", db.toUrl())))
                .bindOrCreate("mnemo", MnemoSettings.class);
        ConnectionPool pool = MnemoCore.pool(db, settings);
        MnemoCore core = MnemoCore.builder(settings, pool).indexer(1, Duration.ofHours(1), false).build();
        EventRepository repository = core.eventRepository();
        EventService service = core.events();
        Corpus.Vectors vectors = new Corpus.Vectors(DIM, 1000, 42);
        Tenant tenant = Tenant.DEFAULT;
        Random random = new Random(42);
        List<String> texts = new ArrayList<>(rows);

        List<Double> withIndex = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        for (int b = 0; b * BATCH < rows; b++) {
            boolean lexical = b % 2 == 0;
            long t = System.nanoTime();
            List<NewEvent> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH && b * BATCH + i < rows; i++) {
                long n = (long) b * BATCH + i;
                StringBuilder text = new StringBuilder();
                int length = 8 + random.nextInt(53);
                for (int w = 0; w < length; w++) {
                    text.append(word(zipf(random))).append(' ');
                }
                String s = text.toString().strip();
                texts.add(s);
                Terms terms = lexical ? TextAnalysis.PROSE.terms(s) : null;
                batch.add(new NewEvent(UUID.randomUUID(), null, JSON.createObjectNode().put("text", s),
                        JSON.createObjectNode().put("bucket", (int) (n % 10)), vectors.vector(n), "bench", null, null, terms));
            }
            repository.insertAll(tenant, batch).then().block();
            (lexical ? withIndex : without).add(batch.size() / ((System.nanoTime() - t) / 1e9));
        }
        // The half written without the index gets it as the backfill gives it, so every row is searchable.
        core.reindexer().runLexical(1000, new dev.mnemo.core.data.Job() {
            @Override
            public void advance(long rowsDone) {
            }

            @Override
            public void batchDone() {
            }

            @Override
            public boolean stopRequested() {
                return false;
            }

            @Override
            public boolean interrupted() {
                return false;
            }

            @Override
            public void finish() {
            }

            @Override
            public Duration elapsed() {
                return Duration.ZERO;
            }
        });
        StoreBench.execute(db, "VACUUM ANALYZE events");
        StoreBench.execute(db, "VACUUM ANALYZE lexical_postings");
        StoreBench.execute(db, "VACUUM ANALYZE lexical_docs");

        Map<String, List<Double>> times = new java.util.LinkedHashMap<>();
        List<String> variants = List.of("vector", "lexical", "hybrid", "vector_filtered", "lexical_filtered",
                "hybrid_filtered");
        variants.forEach(v -> times.put(v, new ArrayList<>()));
        Random pick = new Random(7);
        int hits = 0;
        for (int i = 0; i < queries + 30; i++) {
            String[] words = texts.get(pick.nextInt(texts.size())).split(" ");
            int from = pick.nextInt(Math.max(1, words.length - 3));
            String query = String.join(" ", List.of(words).subList(from, Math.min(words.length, from + 2 + pick.nextInt(2))));
            float[] v = vectors.vector(70_000_000L + i);
            for (int k = 0; k < variants.size(); k++) {
                String variant = variants.get((i + k) % variants.size());
                SearchMode mode = SearchMode.valueOf(variant.replace("_filtered", "").toUpperCase());
                EventSearch.Builder s = EventSearch.page(10, 0).mode(mode).withVectors(false).text(query).vector(v);
                if (variant.endsWith("_filtered")) {
                    s.metadata(JSON.createObjectNode().put("bucket", 3));
                }
                Supplier<Integer> search = () -> service.search(tenant, s.build()).block().events().size();
                long t = System.nanoTime();
                int found = search.get();
                if (i >= 30) {
                    times.get(variant).add((System.nanoTime() - t) / 1e6);
                    hits += variant.equals("lexical") && found > 0 ? 1 : 0;
                }
            }
        }
        long postings;
        try (java.sql.Connection c = StoreBench.connect(db);
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM lexical_postings")) {
            rs.next();
            postings = rs.getLong(1);
        }
        pool.dispose();

        ObjectNode r = JSON.createObjectNode();
        r.put("rows", rows).put("queries", queries).put("postings", postings)
                .put("lexical_queries_with_hits", hits);
        double withRate = StoreBench.pct(withIndex, 50);
        double withoutRate = StoreBench.pct(without, 50);
        r.put("ingest_rows_per_s_with_lexical", withRate).put("ingest_rows_per_s_without_lexical", withoutRate)
                .put("ingest_ratio", withRate / withoutRate);
        for (String v : variants) {
            r.put(v + "_p50_ms", StoreBench.pct(times.get(v), 50)).put(v + "_p95_ms", StoreBench.pct(times.get(v), 95));
        }
        r.put("hybrid_over_vector_p50", StoreBench.pct(times.get("hybrid"), 50) / StoreBench.pct(times.get("vector"), 50));
        r.put("hybrid_filtered_over_vector_filtered_p50",
                StoreBench.pct(times.get("hybrid_filtered"), 50) / StoreBench.pct(times.get("vector_filtered"), 50));
        return r;
    }
}
