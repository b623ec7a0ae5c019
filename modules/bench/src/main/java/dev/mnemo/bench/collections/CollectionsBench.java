package dev.mnemo.bench.collections;

import dev.mnemo.bench.BenchArgs;
import dev.mnemo.core.MnemoCore;
import dev.mnemo.core.collections.CollectionSpec;
import dev.mnemo.core.collections.Collections;
import dev.mnemo.core.jobs.CollectionIndexer;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingConfig;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.collections.CollectionRecord;
import dev.mnemo.model.collections.Distance;
import dev.mnemo.model.collections.HnswParams;
import dev.mnemo.model.collections.Include;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.collections.CollectionRepository;
import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.migration.Migrator;
import io.r2dbc.pool.ConnectionPool;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Measured harness for collections (docs/collections.md): upsert throughput with given 384-d vectors, filtered top-10
 * query throughput and latency at N records, and the same with the real bundled model embedding documents and
 * queries. Runs the store layer (service + R2DBC pool) in-process against a scratch database it creates and drops.
 *
 * <pre>
 * java -cp ... dev.mnemo.bench.collections.CollectionsBench [records=100000] [queries=5000] [concurrency=4]
 *      [indexParallelism=2] [warmup=15] [keep]   (warmup: seconds of queries before each measured query kind;
 *      keep: leave the scratch database for inspection)
 *      [embedRecords=1000] [embedQueries=200] [efSearch=40]       (MNEMO_DB_URL, default the project-local cluster)
 * </pre>
 */
public final class CollectionsBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int DIM = 384;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchArgs.parse(args);
        int records = Integer.parseInt(a.getOrDefault("records", "100000"));
        int queries = Integer.parseInt(a.getOrDefault("queries", "5000"));
        int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "4"));
        int embedRecords = Integer.parseInt(a.getOrDefault("embedRecords", "1000"));
        int embedQueries = Integer.parseInt(a.getOrDefault("embedQueries", "200"));
        String efSearch = a.getOrDefault("efSearch", "40");
        int indexParallelism = Integer.parseInt(a.getOrDefault("indexParallelism", "" + CollectionIndexer.DEFAULT_PARALLELISM));
        int warmupSeconds = Integer.parseInt(a.getOrDefault("warmup", "15"));

        DatabaseUrl server = DatabaseUrl.parse(System.getenv().getOrDefault("MNEMO_DB_URL", MnemoSettings.LOCAL_URL));
        String dbName = "bench_collections_" + UUID.randomUUID().toString().substring(0, 8);
        sql(server.withDatabase("postgres"), "CREATE DATABASE " + dbName);
        DatabaseUrl url = server.withDatabase(dbName);
        sql(url, "CREATE EXTENSION IF NOT EXISTS vector");
        try {
            run(url, records, queries, concurrency, embedRecords, embedQueries, efSearch, indexParallelism, warmupSeconds);
        } finally {
            if (a.containsKey("keep")) {
                System.out.println("kept the scratch database " + dbName + " (drop it yourself)");
            } else {
                sql(server.withDatabase("postgres"), "DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
            }
        }
        System.exit(0);
    }

    private static void run(DatabaseUrl url, int records, int queries, int concurrency, int embedRecords, int embedQueries,
                            String efSearch, int indexParallelism, int warmupSeconds) {
        new Migrator(url, DIM).migrate();
        MnemoSettings settings = new Binder(new MapConfigurationPropertySource(Map.of("mnemo.db.url", url.toUrl(),
                "mnemo.search.ef-search", efSearch))).bindOrCreate("mnemo", MnemoSettings.class);
        ConnectionPool pool = MnemoCore.pool(url, settings);
        DatabaseClient db = DatabaseClient.create(pool);
        AtomicReference<DualEmbeddingService> models = new AtomicReference<>();
        MnemoCore core = MnemoCore.builder(settings, pool).embeddings(models::get)
                .indexer(indexParallelism, CollectionIndexer.DEFAULT_SWEEP, true).build();
        CollectionRepository repository = core.collectionRepository();
        Collections service = core.collections();
        System.out.printf("machine: %d cores, ef_search=%s, iterative_scan=relaxed_order, concurrency=%d%n",
                Runtime.getRuntime().availableProcessors(), efSearch, concurrency);

        // ---- given vectors --------------------------------------------------------------------------------------
        String name = "bench";
        service.catalog().create(Tenant.DEFAULT, new CollectionSpec(name, JSON.createObjectNode(), EmbeddingDomain.TEXT, Distance.COSINE,
                HnswParams.DEFAULTS), false).block();
        float[][] vectors = clustered(records + 1000, 42);
        long t0 = System.nanoTime();
        Flux.range(0, (records + 999) / 1000)
                .flatMap(b -> service.writes().upsert(Tenant.DEFAULT, name, batch(b * 1000, Math.min(records, b * 1000 + 1000), vectors)), 2)
                .blockLast();
        double upsertSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("upsert (given vectors, batches of 1000, 2 in flight): %d records in %.1f s = %.0f records/s%n",
                records, upsertSeconds, records / upsertSeconds);
        CollectionInfo c = service.catalog().get(Tenant.DEFAULT, name).block();

        // Right after the writes most records are not in the HNSW graph yet: queries search them exactly.
        long pendingNow = repository.pendingIndex(c).block();
        JsonNode g3 = JSON.readTree("{\"group\": \"g3\"}");
        measureQueries("filtered top-10 {\"group\": \"g3\"} while " + pendingNow + " records wait for the index",
                Math.min(200, queries), concurrency,
                i -> service.search().query(Tenant.DEFAULT, name, null, List.of(vectors[records + (i % 1000)]), g3, null, 10, Include.QUERY_DEFAULT)
                        .map(r -> r.get(0).size()), true);
        long pendingBefore = repository.pendingIndex(c).block();
        long t2 = System.nanoTime();
        while (repository.pendingIndex(c).block() > 0) {
            sleep(250);
        }
        double catchUp = (System.nanoTime() - t2) / 1e9;
        System.out.printf("background index (parallelism %d): %d pending records indexed in %.1f s = %.0f records/s"
                        + " (%.1f s after the last write)%n", indexParallelism, pendingBefore, catchUp,
                pendingBefore / Math.max(catchUp, 1e-9), (System.nanoTime() - t0) / 1e9 - upsertSeconds);
        db.sql("VACUUM ANALYZE " + dev.mnemo.store.collections.CollectionTables.table(c.id())).then().block();

        for (String filter : List.of("{\"group\": \"g3\"}", "{\"cat\": {\"$in\": [7, 8]}}",
                "{\"n\": {\"$gte\": " + records / 2 + "}}")) {
            JsonNode where = JSON.readTree(filter);
            warmUp(warmupSeconds, concurrency,
                    i -> service.search().query(Tenant.DEFAULT, name, null, List.of(vectors[records + (i % 1000)]), where, null, 10, Include.QUERY_DEFAULT)
                            .map(r -> r.get(0).size()));
            measureQueries("filtered top-10 " + filter, queries, concurrency,
                    i -> service.search().query(Tenant.DEFAULT, name, null, List.of(vectors[records + (i % 1000)]), where, null, 10, Include.QUERY_DEFAULT)
                            .map(r -> r.get(0).size()), true);
        }
        warmUp(warmupSeconds, concurrency,
                i -> service.search().query(Tenant.DEFAULT, name, null, List.of(vectors[records + (i % 1000)]), null, null, 10, Include.QUERY_DEFAULT)
                        .map(r -> r.get(0).size()));
        measureQueries("unfiltered top-10", queries, concurrency,
                i -> service.search().query(Tenant.DEFAULT, name, null, List.of(vectors[records + (i % 1000)]), null, null, 10, Include.QUERY_DEFAULT)
                        .map(r -> r.get(0).size()), true);
        Query regex = i -> service.search().query(Tenant.DEFAULT, name, null, List.of(vectors[records + (i % 1000)]), null,
                JSON.readTree("{\"$regex\": \"topic 1[0-9] \"}"), 10, Include.QUERY_DEFAULT).map(r -> r.get(0).size());
        warmUp(warmupSeconds, concurrency, regex);
        measureQueries("regex where_document {\"$regex\": \"topic 1[0-9] \"} top-10", Math.min(queries, 2000), concurrency,
                regex, true);

        // ---- real model -----------------------------------------------------------------------------------------
        if (embedRecords > 0) {
            models.set(new DualEmbeddingService(EmbeddingConfig.defaults()));
            service.catalog().create(Tenant.DEFAULT, new CollectionSpec("bench-text", JSON.createObjectNode(), EmbeddingDomain.TEXT, Distance.COSINE,
                    HnswParams.DEFAULTS), false).block();
            service.search().query(Tenant.DEFAULT, "bench-text", List.of("warm up"), null, null, null, 1, Include.QUERY_DEFAULT).block();
            long t1 = System.nanoTime();
            Flux.range(0, (embedRecords + 99) / 100)
                    .concatMap(b -> service.writes().upsert(Tenant.DEFAULT, "bench-text", textBatch(b * 100, Math.min(embedRecords, b * 100 + 100))))
                    .blockLast();
            double s = (System.nanoTime() - t1) / 1e9;
            System.out.printf("upsert with embedding (documents only, batches of 100): %d records in %.1f s = %.0f records/s%n",
                    embedRecords, s, embedRecords / s);
            JsonNode where = JSON.readTree("{\"group\": \"g3\"}");
            measureQueries("query_texts (embedded) filtered top-10", embedQueries, concurrency,
                    i -> service.search().query(Tenant.DEFAULT, "bench-text", List.of("question number " + i + " about topic " + (i % 37)), null,
                            where, null, 10, Include.QUERY_DEFAULT).map(r -> r.get(0).size()), true);
            models.get().close();
        }
        core.close();
        pool.dispose();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    interface Query {
        reactor.core.publisher.Mono<Integer> run(int i);
    }

    /**
     * Runs the query for {@code seconds} before it is measured, as JMH's warm-up iterations do: the JIT and both
     * processes' caches settle (measured: the same filtered query ran at ~540 q/s in its first 3 000 calls and
     * ~1 200 q/s after ~30 000).
     */
    private static void warmUp(int seconds, int concurrency, Query query) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int round = 0;
        while (System.nanoTime() < end) {
            int base = round++ * 500;
            Flux.range(base, 500).flatMap(query::run, concurrency).blockLast();
        }
    }

    private static void measureQueries(String label, int n, int concurrency, Query query, boolean report) {
        long[] latencies = new long[n];
        int[] sizes = new int[n];
        long start = System.nanoTime();
        Flux.range(0, n).flatMap(i -> {
            long t = System.nanoTime();
            return query.run(i).doOnNext(size -> {
                latencies[i] = System.nanoTime() - t;
                sizes[i] = size;
            });
        }, concurrency).blockLast();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!report) {
            return;
        }
        Arrays.sort(latencies);
        long full = Arrays.stream(sizes).filter(s -> s == 10).count();
        System.out.printf("%s: %d queries in %.1f s = %.0f queries/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, %d/%d returned 10 rows%n",
                label, n, seconds, n / seconds, latencies[n / 2] / 1e6, latencies[(int) (n * 0.95)] / 1e6,
                latencies[(int) (n * 0.99)] / 1e6, full, n);
    }

    private static List<CollectionRecord> batch(int from, int to, float[][] vectors) {
        List<CollectionRecord> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(new CollectionRecord("r" + i, "record " + i + " about topic " + (i % 37) + " in group " + (i % 10),
                    metadata(i), vectors[i], null));
        }
        return out;
    }

    private static List<CollectionRecord> textBatch(int from, int to) {
        List<CollectionRecord> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(new CollectionRecord("t" + i, "Note " + i + ": a short memory about topic " + (i % 37)
                    + ", written by agent " + (i % 5) + " while working on task " + (i % 101) + ".", metadata(i), null, null));
        }
        return out;
    }

    private static ObjectNode metadata(int i) {
        ObjectNode m = JSON.createObjectNode();
        m.put("group", "g" + (i % 10));
        m.put("cat", i % 100);
        m.put("n", i);
        return m;
    }

    /** 64 clusters with gaussian noise, normalised (uniform random vectors make HNSW numbers meaningless). */
    static float[][] clustered(int n, long seed) {
        Random random = new Random(seed);
        float[][] centers = new float[64][DIM];
        for (float[] c : centers) {
            for (int d = 0; d < DIM; d++) {
                c[d] = (float) random.nextGaussian();
            }
        }
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] c = centers[random.nextInt(centers.length)];
            float[] v = new float[DIM];
            double norm = 0;
            for (int d = 0; d < DIM; d++) {
                v[d] = c[d] + (float) random.nextGaussian() * 0.5f;
                norm += v[d] * v[d];
            }
            float inv = (float) (1 / Math.sqrt(norm));
            for (int d = 0; d < DIM; d++) {
                v[d] *= inv;
            }
            out[i] = v;
        }
        return out;
    }

    private static void sql(DatabaseUrl db, String statement) throws Exception {
        try (var conn = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); var st = conn.createStatement()) {
            st.execute(statement);
        }
    }
}
