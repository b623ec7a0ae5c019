package dev.mnemo.bench.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import dev.mnemo.bench.BenchArgs;
import dev.mnemo.bench.Corpus;
import dev.mnemo.core.MnemoCore;
import dev.mnemo.core.events.EventDraft;
import dev.mnemo.core.events.EventSearch;
import dev.mnemo.core.events.EventService;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingConfig;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.model.events.Event;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.events.EventQuery;
import dev.mnemo.store.events.EventRepository;
import dev.mnemo.store.events.NewEvent;
import dev.mnemo.store.migration.Migrator;
import io.r2dbc.pool.ConnectionPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Store and end-to-end benchmark: Mnemo's event store vs LangChain4j's PgVectorEmbeddingStore, same PostgreSQL, same
 * rows, same queries, same run, in a scratch database created and dropped here. See docs/benchmarks.md (Method).
 *
 * <pre>
 * MNEMO_DB_URL=... java -cp ... dev.mnemo.bench.store.StoreBench rows=100000 [queries=200] [docs=2000] [out=dir]
 * </pre>
 */
public final class StoreBench {

    private static final int DIM = 384;
    private static final int BATCH = 500;
    private static final JsonMapper JSON = JsonMapper.shared();

    private final int rows;
    private final int queries;
    private final int docs;
    private final DatabaseUrl db;
    private final Corpus.Vectors vectors = new Corpus.Vectors(DIM, 1000, 42);
    private final List<UUID> ids = new ArrayList<>();
    private final List<float[]> qs = new ArrayList<>();
    private final List<Set<String>> truth = new ArrayList<>();
    /** Exact top-10 among the events whose metadata matches {@link #FILTER} (12 of every 13 rows, ~92 %). */
    private final List<Set<String>> filteredTruth = new ArrayList<>();
    private static final String FILTER = "{\"run\": \"a\"}";
    private final ArrayNode ingest = JSON.createArrayNode();
    private final ArrayNode search = JSON.createArrayNode();
    private final ArrayNode ratios = JSON.createArrayNode();
    private final ArrayNode notes = JSON.createArrayNode();
    private final Map<String, Double> figures = new HashMap<>();

    private StoreBench(DatabaseUrl db, int rows, int queries, int docs) {
        this.db = db;
        this.rows = rows;
        this.queries = queries;
        this.docs = docs;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchArgs.parse(args);
        int rows = Integer.parseInt(a.getOrDefault("rows", "100000"));
        int queries = Integer.parseInt(a.getOrDefault("queries", "200"));
        int docs = Integer.parseInt(a.getOrDefault("docs", rows >= 100_000 ? "2000" : "500"));
        Path out = Path.of(a.getOrDefault("out", "modules/bench/target/bench-results"));
        String url = System.getenv().getOrDefault("MNEMO_DB_URL", MnemoSettings.LOCAL_URL);
        DatabaseUrl server = DatabaseUrl.parse(url).withDatabase("postgres");
        String name = "bench_" + UUID.randomUUID().toString().substring(0, 8);
        execute(server, "CREATE DATABASE " + name);
        DatabaseUrl db = server.withDatabase(name);
        System.out.println("scratch database " + db.redacted());
        long started = System.nanoTime();
        try {
            StoreBench bench = new StoreBench(db, rows, queries, docs);
            ObjectNode result = bench.run();
            result.put("seconds", (System.nanoTime() - started) / 1e9);
            Files.createDirectories(out);
            Files.writeString(out.resolve("store.json"), result.toPrettyString());
            System.out.println(result.toPrettyString());
        } finally {
            execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            System.out.println("dropped " + name);
        }
        System.exit(0);
    }

    private ObjectNode run() throws Exception {
        execute(db, "CREATE EXTENSION IF NOT EXISTS vector");
        new Migrator(db, DIM).migrate();
        // A bulk import loads first and indexes after: drop the migration's (empty) HNSW indexes.
        execute(db, "DROP INDEX IF EXISTS events_embedding_hnsw_idx");
        execute(db, "DROP INDEX IF EXISTS events_embedding_code_hnsw_idx");
        for (int i = 0; i < rows; i++) {
            ids.add(new UUID(0x6d6e656d6fL, i));
        }
        for (int i = 0; i < queries; i++) {
            qs.add(vectors.vector(50_000_000L + i));
        }

        ours();
        peer();
        endToEnd();

        ratio("insert rows/s, Mnemo / LangChain4j", figures.get("ours.rows_s") / figures.get("peer.rows_s"));
        ratio("search p50 at ef_search 100, filtered (92 %) / unfiltered (target <= 1.5)",
                figures.get("ours.filtered_p50") / figures.get("ours.ef100_p50"));
        ratio("search p50 at ef_search 100, with vectors / without vectors in the answer",
                figures.get("ours.ef100_p50") / figures.get("ours.lean_p50"));
        ratio("search p50 at ef_search 40: LangChain4j exact / Mnemo", figures.get("peer.exact_p50") / figures.get("ours.ef40_p50"));
        ratio("search p50 at ef_search 100: LangChain4j IVFFlat / Mnemo", figures.get("peer.ivf_p50") / figures.get("ours.ef100_p50"));
        ratio("recall@10 at ef_search 100 vs LangChain4j IVFFlat (probes 1)", figures.get("ours.ef100_recall") / figures.get("peer.ivf_recall"));
        ratio("end-to-end ingest (embed + store) docs/s, Mnemo / LangChain4j", figures.get("ours.e2e_docs_s") / figures.get("peer.e2e_docs_s"));
        ratio("end-to-end query (embed + top-10) p50, LangChain4j / Mnemo", figures.get("peer.e2e_query_p50") / figures.get("ours.e2e_query_p50"));

        ObjectNode o = JSON.createObjectNode();
        o.put("rows", rows);
        o.put("queries", queries);
        o.put("docs", docs);
        o.put("server", scalar("SELECT version() || ', pgvector ' || extversion FROM pg_extension WHERE extname = 'vector'"));
        o.set("ingest", ingest);
        o.set("search", search);
        o.set("ratios", ratios);
        o.set("notes", notes);
        return o;
    }

    // ---------------------------------------------------------------- Mnemo

    private MnemoSettings settings(int efSearch) {
        return new Binder(new MapConfigurationPropertySource(Map.of("mnemo.db.url", db.toUrl(),
                "mnemo.search.ef-search", Integer.toString(efSearch), "mnemo.db.pool-max-size", "4")))
                .bindOrCreate("mnemo", MnemoSettings.class);
    }

    /** A pool and the services core builds on it (the indexer stopped: events only). */
    private record Repo(ConnectionPool pool, MnemoCore.Builder core, EventRepository events) implements AutoCloseable {

        EventService service(DualEmbeddingService embeddings) {
            return core.embeddings(embeddings).build().events();
        }

        @Override
        public void close() {
            pool.dispose();
        }
    }

    private Repo repo(MnemoSettings settings) {
        ConnectionPool pool = MnemoCore.pool(db, settings);
        MnemoCore.Builder core = MnemoCore.builder(settings, pool).indexer(1, java.time.Duration.ofHours(1), false);
        return new Repo(pool, core, core.build().eventRepository());
    }

    private void ours() throws Exception {
        try (Repo r = repo(settings(100))) {
            long t = System.nanoTime();
            for (int from = 0; from < rows; from += BATCH) {
                List<NewEvent> batch = new ArrayList<>(BATCH);
                for (int i = from; i < Math.min(rows, from + BATCH); i++) {
                    batch.add(new NewEvent(ids.get(i), null, content("event " + i), JSON.createObjectNode()
                            .put("run", i % 13 == 0 ? "b" : "a"), vectors.vector(i), "bench", null, null));
                }
                r.events().insertAll(Tenant.DEFAULT, batch).then().block();
            }
            double s = (System.nanoTime() - t) / 1e9;
            figures.put("ours.rows_s", rows / s);
            System.out.printf(Locale.ROOT, "mnemo: inserted %d rows in %.1f s%n", rows, s);

            // Ground truth: exact top-10 by SQL.
            execute(db, "ANALYZE events");
            List<Double> exactMs = new ArrayList<>();
            figures.put("sql.exact_p50", 0.0);
            try (Connection c = connect(db); Statement st = c.createStatement()) {
                st.execute("SET enable_indexscan = off");
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM events WHERE embedding IS NOT NULL ORDER BY embedding <=> ?::vector LIMIT 10");
                     PreparedStatement filtered = c.prepareStatement("SELECT id FROM events WHERE embedding IS NOT NULL"
                             + " AND metadata @> ?::jsonb ORDER BY embedding <=> ?::vector LIMIT 10")) {
                    for (float[] q : qs) {
                        ps.setString(1, Arrays.toString(q));
                        long t0 = System.nanoTime();
                        truth.add(topIds(ps));
                        exactMs.add((System.nanoTime() - t0) / 1e6);
                        filtered.setString(1, FILTER);
                        filtered.setString(2, Arrays.toString(q));
                        filteredTruth.add(topIds(filtered));
                    }
                }
            }
            search.addObject().put("name", "exact top-10 by SQL over JDBC (ground truth)").put("p50_ms", pct(exactMs, 50))
                    .put("p95_ms", pct(exactMs, 95)).put("recall", 1.0).put("index", "none (enable_indexscan off)");
            // Mnemo's own search path before any index: exact.
            searchRow("Mnemo, exact (no index yet)", "none", truth, q -> ids(r.events(), q));
        }
        long t = System.nanoTime();
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            st.execute("SET maintenance_work_mem = '1GB'");
            st.execute("CREATE INDEX events_embedding_hnsw_idx ON events USING hnsw (embedding vector_cosine_ops)"
                    + " WITH (m = 16, ef_construction = 64)");
            st.execute("ANALYZE events");
        }
        double build = (System.nanoTime() - t) / 1e9;
        figures.put("ours.build_s", build);
        System.out.printf(Locale.ROOT, "mnemo: HNSW built in %.1f s%n", build);
        for (int ef : new int[] {40, 100, 200}) {
            try (Repo r = repo(settings(ef))) {
                String index = "HNSW m 16, ef_construction 64, built after load (" + fmt(build, 1) + " s)";
                ObjectNode row = searchRow("Mnemo, HNSW ef_search " + ef, index, truth, q -> ids(r.events(), q));
                figures.put("ours.ef" + ef + "_p50", row.get("p50_ms").asDouble());
                figures.put("ours.ef" + ef + "_recall", row.get("recall").asDouble());
                if (ef == 100) {
                    // The same search through the service (which picks graph walk or exact scan for a filter) with a
                    // metadata filter that keeps ~92 % of the rows, and both without the vectors in the answer
                    // (include_embeddings=false). Vector queries: no model runs.
                    JsonNode filter = JSON.readTree(FILTER);
                    try (DualEmbeddingService none = new DualEmbeddingService(EmbeddingConfig.defaults().withPreloadText(false))) {
                        EventService service = r.service(none);
                        ObjectNode filtered = searchRow("Mnemo, HNSW ef_search 100, metadata filter (92 % of rows)", index,
                                filteredTruth, q -> ids(service, q, filter, true));
                        ObjectNode lean = searchRow("Mnemo, HNSW ef_search 100, without vectors in the answer", index,
                                truth, q -> ids(service, q, null, false));
                        ObjectNode leanFiltered = searchRow("Mnemo, HNSW ef_search 100, filter (92 %), without vectors",
                                index, filteredTruth, q -> ids(service, q, filter, false));
                    figures.put("ours.filtered_p50", filtered.get("p50_ms").asDouble());
                    figures.put("ours.lean_p50", lean.get("p50_ms").asDouble());
                        figures.put("ours.lean_filtered_p50", leanFiltered.get("p50_ms").asDouble());
                    }
                }
            }
        }
        ingestRow("insert with given vectors (rows/s, batches of 500, no index)", figures.get("ours.rows_s"), null);
    }

    private static Set<String> ids(EventRepository events, float[] q) {
        Set<String> out = new HashSet<>();
        for (Event e : events.search(Tenant.DEFAULT, new EventQuery(q, null, null, null, 10, 0, true, false)).block().events()) {
            out.add(e.id().toString());
        }
        return out;
    }

    private static Set<String> ids(EventService service, float[] q, JsonNode metadata, boolean withVectors) {
        Set<String> out = new HashSet<>();
        for (Event e : service.search(Tenant.DEFAULT, EventSearch.page(10, 0).vector(q).metadata(metadata).withVectors(withVectors)
                .build()).block().events()) {
            out.add(e.id().toString());
        }
        return out;
    }

    private static Set<String> topIds(PreparedStatement ps) throws SQLException {
        Set<String> top = new HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                top.add(rs.getString(1));
            }
        }
        return top;
    }

    // ---------------------------------------------------------------- LangChain4j

    private HikariDataSource dataSource() {
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl(db.jdbcUrl());
        h.setUsername(db.user() == null ? "postgres" : db.user());
        if (db.password() != null) {
            h.setPassword(db.password());
        }
        h.setMaximumPoolSize(4);
        h.setPoolName("lc4j");
        return new HikariDataSource(h);
    }

    private PgVectorEmbeddingStore store(HikariDataSource ds, String table, boolean drop) {
        return PgVectorEmbeddingStore.datasourceBuilder().datasource(ds).table(table).dimension(DIM)
                .createTable(true).dropTableFirst(drop).useIndex(false).build();
    }

    private void peer() throws Exception {
        try (HikariDataSource ds = dataSource()) {
            PgVectorEmbeddingStore store = store(ds, "lc4j_embeddings", true);
            long t = System.nanoTime();
            for (int from = 0; from < rows; from += BATCH) {
                List<String> bIds = new ArrayList<>(BATCH);
                List<Embedding> emb = new ArrayList<>(BATCH);
                List<TextSegment> seg = new ArrayList<>(BATCH);
                for (int i = from; i < Math.min(rows, from + BATCH); i++) {
                    bIds.add(ids.get(i).toString());
                    emb.add(Embedding.from(vectors.vector(i)));
                    seg.add(TextSegment.from("event " + i));
                }
                store.addAll(bIds, emb, seg);
            }
            double s = (System.nanoTime() - t) / 1e9;
            figures.put("peer.rows_s", rows / s);
            ingestRow("insert with given vectors (rows/s, batches of 500, no index)", null, rows / s);
            execute(db, "ANALYZE lc4j_embeddings");
            ObjectNode exact = searchRow("LangChain4j, exact (no index)", "none", truth, q -> peerIds(store, q));
            figures.put("peer.exact_p50", exact.get("p50_ms").asDouble());

            int lists = Math.max(1, rows / 1000);
            long tb = System.nanoTime();
            execute(db, "SET maintenance_work_mem = '1GB'; CREATE INDEX IF NOT EXISTS lc4j_embeddings_ivfflat_index ON "
                    + "lc4j_embeddings USING ivfflat (embedding vector_cosine_ops) WITH (lists = " + lists + "); ANALYZE lc4j_embeddings");
            double build = (System.nanoTime() - tb) / 1e9;
            ObjectNode ivf = searchRow("LangChain4j, IVFFlat (probes 1, fixed by the store)",
                    "IVFFlat lists " + lists + ", built after load (" + fmt(build, 1) + " s)", truth, q -> peerIds(store, q));
            figures.put("peer.ivf_p50", ivf.get("p50_ms").asDouble());
            figures.put("peer.ivf_recall", ivf.get("recall").asDouble());
        }
    }

    private static Set<String> peerIds(PgVectorEmbeddingStore store, float[] q) {
        Set<String> out = new HashSet<>();
        for (EmbeddingMatch<TextSegment> m : store.search(EmbeddingSearchRequest.builder()
                .queryEmbedding(Embedding.from(q)).maxResults(10).minScore(0.0).build()).matches()) {
            out.add(m.embeddingId());
        }
        return out;
    }

    // ---------------------------------------------------------------- end to end (real model)

    private void endToEnd() throws Exception {
        List<String> texts = new ArrayList<>(docs);
        for (int i = 0; i < docs; i++) {
            texts.add(Corpus.sentence(i, 7_000_000L + i));
        }
        int e2eQueries = Math.min(100, queries);
        List<String> queryTexts = new ArrayList<>();
        for (int i = 0; i < e2eQueries; i++) {
            queryTexts.add(Corpus.query(9_000_000L + i));
        }
        int batch = 100;
        EmbeddingConfig d = EmbeddingConfig.defaults();
        try (Repo r = repo(settings(100));
             DualEmbeddingService embeddings = new DualEmbeddingService(d.withPreloadText(false))) {
            embeddings.load(EmbeddingDomain.TEXT).join();
            EventService service = r.service(embeddings);
            service.createAll(Tenant.DEFAULT, List.of(new EventDraft(null, null, content("warm-up"), null, null, EmbeddingDomain.TEXT)), "")
                    .then().block();
            long t = System.nanoTime();
            for (int from = 0; from < docs; from += batch) {
                List<EventDraft> drafts = new ArrayList<>();
                for (int i = from; i < Math.min(docs, from + batch); i++) {
                    drafts.add(new EventDraft(null, null, content(texts.get(i)), null, null, EmbeddingDomain.TEXT));
                }
                service.createAll(Tenant.DEFAULT, drafts, "").then().block();
            }
            double rate = docs / ((System.nanoTime() - t) / 1e9);
            figures.put("ours.e2e_docs_s", rate);
            List<Double> lat = new ArrayList<>();
            for (int i = 0; i < queryTexts.size(); i++) {
                long t0 = System.nanoTime();
                service.search(Tenant.DEFAULT, EventSearch.page(10, 0).text(queryTexts.get(i)).domain(EmbeddingDomain.TEXT).build())
                        .block();
                if (i >= 10) {
                    lat.add((System.nanoTime() - t0) / 1e6);
                }
            }
            figures.put("ours.e2e_query_p50", pct(lat, 50));
            figures.put("ours.e2e_query_p95", pct(lat, 95));
        }
        AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
        try (HikariDataSource ds = dataSource()) {
            PgVectorEmbeddingStore store = store(ds, "lc4j_embeddings", false);
            model.embed("warm-up");
            long t = System.nanoTime();
            for (int from = 0; from < docs; from += batch) {
                List<TextSegment> seg = texts.subList(from, Math.min(docs, from + batch)).stream().map(TextSegment::from).toList();
                List<Embedding> emb = model.embedAll(seg).content();
                store.addAll(emb, seg);
            }
            double rate = docs / ((System.nanoTime() - t) / 1e9);
            figures.put("peer.e2e_docs_s", rate);
            List<Double> lat = new ArrayList<>();
            for (int i = 0; i < queryTexts.size(); i++) {
                long t0 = System.nanoTime();
                Embedding q = model.embed(queryTexts.get(i)).content();
                store.search(EmbeddingSearchRequest.builder().queryEmbedding(q).maxResults(10).minScore(0.0).build());
                if (i >= 10) {
                    lat.add((System.nanoTime() - t0) / 1e6);
                }
            }
            figures.put("peer.e2e_query_p50", pct(lat, 50));
            figures.put("peer.e2e_query_p95", pct(lat, 95));
        }
        ingestRow("end to end: embed (TEXT, all-MiniLM-L6-v2) + store, docs/s, batches of 100", figures.get("ours.e2e_docs_s"),
                figures.get("peer.e2e_docs_s"));
        ingest.addObject().put("figure", "end to end: query = embed + top-10 on " + rows + " rows, p50 / p95")
                .put("ours", fmt(figures.get("ours.e2e_query_p50"), 2) + " / " + fmt(figures.get("ours.e2e_query_p95"), 2) + " ms (HNSW ef 100)")
                .put("peer", fmt(figures.get("peer.e2e_query_p50"), 2) + " / " + fmt(figures.get("peer.e2e_query_p95"), 2) + " ms (IVFFlat)")
                .put("ratio", fmt(figures.get("peer.e2e_query_p50") / figures.get("ours.e2e_query_p50"), 2) + "x (peer p50 / ours)");
        notes.add("End-to-end documents are " + docs + " short sentences (~20 tokens): under LangChain4j's 128-token "
                + "truncation, so both embed the same tokens (equal token limits). With ~200-token documents LangChain4j "
                + "would cut most of them at 128 tokens (Mnemo embeds up to the model's 256), which makes it look faster.");
        notes.add("Mnemo stores events (id, timestamp, JSONB content and metadata with a GIN index, vector); LangChain4j "
                + "stores (id, vector, text, JSON metadata). Both write batches of 500 rows with given ids.");
        notes.add("LangChain4j's store has no way to set ivfflat.probes; it stays at pgvector's default 1.");
    }

    // ---------------------------------------------------------------- helpers

    private ObjectNode searchRow(String name, String index, List<Set<String>> truth, Function<float[], Set<String>> top10) {
        for (int i = 0; i < Math.min(20, qs.size()); i++) {
            top10.apply(qs.get(i));
        }
        List<Double> lat = new ArrayList<>();
        double hits = 0;
        for (int i = 0; i < qs.size(); i++) {
            long t = System.nanoTime();
            Set<String> got = top10.apply(qs.get(i));
            lat.add((System.nanoTime() - t) / 1e6);
            Set<String> want = truth.get(i);
            hits += got.stream().filter(want::contains).count() / (double) Math.max(1, want.size());
        }
        ObjectNode row = search.addObject().put("name", name).put("p50_ms", pct(lat, 50)).put("p95_ms", pct(lat, 95))
                .put("recall", hits / qs.size()).put("index", index);
        System.out.printf(Locale.ROOT, "%-55s p50 %7.2f ms  p95 %7.2f ms  recall@10 %.3f%n", name,
                row.get("p50_ms").asDouble(), row.get("p95_ms").asDouble(), row.get("recall").asDouble());
        return row;
    }

    private void ingestRow(String figure, Double ours, Double peer) {
        for (var n : ingest) {
            if (n.get("figure").asString().equals(figure)) {
                ObjectNode o = (ObjectNode) n;
                if (ours != null) {
                    o.put("ours", fmt(ours, 0));
                    o.put("ours_value", ours);
                }
                if (peer != null) {
                    o.put("peer", fmt(peer, 0));
                    o.put("peer_value", peer);
                }
                if (o.has("ours_value") && o.has("peer_value")) {
                    o.put("ratio", fmt(o.get("ours_value").asDouble() / o.get("peer_value").asDouble(), 2) + "x");
                }
                return;
            }
        }
        ObjectNode o = ingest.addObject().put("figure", figure).put("ours", ours == null ? "-" : fmt(ours, 0))
                .put("peer", peer == null ? "-" : fmt(peer, 0)).put("ratio", "-");
        if (ours != null) {
            o.put("ours_value", ours);
        }
        if (peer != null) {
            o.put("peer_value", peer);
        }
        if (ours != null && peer != null) {
            o.put("ratio", fmt(ours / peer, 2) + "x");
        }
    }

    private void ratio(String what, Double value) {
        if (value != null && !value.isNaN()) {
            ratios.add(what + ": " + fmt(value, 2) + "x");
        }
    }

    private static tools.jackson.databind.JsonNode content(String text) {
        return JSON.createObjectNode().put("text", text);
    }

    static double pct(List<Double> values, double p) {
        double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v).replace(",", " ");
    }

    private String scalar(String sql) throws SQLException {
        try (Connection c = connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "?";
        }
    }

    static void execute(DatabaseUrl target, String sql) throws SQLException {
        try (Connection c = connect(target); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static Connection connect(DatabaseUrl target) throws SQLException {
        return DriverManager.getConnection(target.jdbcUrl(), target.user() == null ? "postgres" : target.user(),
                target.password());
    }
}
