package dev.mnemo.core.collections;

import dev.mnemo.core.MnemoCore;
import dev.mnemo.core.jobs.CollectionIndexer;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingConfig;
import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.collections.CollectionRepository;
import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.migration.Migrator;
import dev.mnemo.store.testing.TestDatabases;
import io.r2dbc.pool.ConnectionPool;
import java.util.Map;
import java.util.Random;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * One migrated database (fresh, real PostgreSQL + pgvector) and one service for all store-level collection tests;
 * the real bundled model is loaded only by the tests that embed text.
 */
public final class CollectionsFixture {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static CollectionsFixture instance;

    final DatabaseUrl url;
    final DatabaseClient db;
    final CollectionRepository repository;
    final CollectionCatalog catalog;
    final CollectionWrites writes;
    final CollectionSearch search;
    final CollectionIndexer indexer;
    final MnemoSettings settings;
    final ConnectionPool pool;
    private DualEmbeddingService models;

    private CollectionsFixture() {
        url = TestDatabases.fresh("coll");
        new Migrator(url, 384).migrate();
        settings = settings(url);
        pool = MnemoCore.pool(url, settings);
        db = DatabaseClient.create(pool);
        // Woken by these services' writes only (its one sweep runs now): tests that keep records pending on purpose
        // (CollectionIndexTest) write through services of their own.
        MnemoCore core = MnemoCore.builder(settings, pool).embeddings(this::models)
                .indexer(1, java.time.Duration.ofHours(1), true).build();
        repository = core.collectionRepository();
        indexer = core.indexer();
        catalog = core.collections().catalog();
        writes = core.collections().writes();
        search = core.collections().search();
    }

    /** The service's defaults for the database at {@code url}. */
    public static MnemoSettings settings(DatabaseUrl url) {
        return new Binder(new MapConfigurationPropertySource(Map.of("mnemo.db.url", url.toUrl())))
                .bindOrCreate("mnemo", MnemoSettings.class);
    }

    /** Waits until the background indexer has moved every record of {@code name} into the HNSW graph. */
    void awaitIndexed(String name) {
        CollectionInfo c = catalog.get(Tenant.DEFAULT, name).block();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (repository.pendingIndex(c).block() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("collection " + name + " still has unindexed records after 120 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static synchronized CollectionsFixture get() {
        if (instance == null) {
            instance = new CollectionsFixture();
        }
        return instance;
    }

    synchronized DualEmbeddingService models() {
        if (models == null) {
            models = new DualEmbeddingService(EmbeddingConfig.defaults());
        }
        return models;
    }

    /** Clustered unit vectors (uniform random vectors make recall meaningless). */
    static float[][] vectors(int n, int dimension, long seed) {
        Random random = new Random(seed);
        float[][] centers = new float[32][dimension];
        for (float[] c : centers) {
            for (int d = 0; d < dimension; d++) {
                c[d] = (float) random.nextGaussian();
            }
        }
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] c = centers[random.nextInt(centers.length)];
            float[] v = new float[dimension];
            double norm = 0;
            for (int d = 0; d < dimension; d++) {
                v[d] = c[d] + (float) random.nextGaussian() * 0.4f;
                norm += v[d] * v[d];
            }
            for (int d = 0; d < dimension; d++) {
                v[d] /= (float) Math.sqrt(norm);
            }
            out[i] = v;
        }
        return out;
    }

    /** 1 - cos, computed in Java: the reference the database's results are checked against. */
    public static double cosineDistance(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return 1 - dot / Math.sqrt(na * nb);
    }
}
