package dev.mnemo.core;

import dev.mnemo.core.audit.Audit;
import dev.mnemo.core.collections.CollectionLimits;
import dev.mnemo.core.collections.Collections;
import dev.mnemo.core.data.DataStats;
import dev.mnemo.core.data.EventExchange;
import dev.mnemo.core.data.Reindexer;
import dev.mnemo.core.events.EventService;
import dev.mnemo.core.graph.GraphService;
import dev.mnemo.core.jobs.CollectionIndexer;
import dev.mnemo.core.quota.Quotas;
import dev.mnemo.core.security.ApiKeys;
import dev.mnemo.code.ChunkLimits;
import dev.mnemo.code.Chunker;
import dev.mnemo.code.TokenCounter;
import dev.mnemo.core.code.CodeCatalog;
import dev.mnemo.core.code.CodeGraph;
import dev.mnemo.core.code.CodeIndexer;
import dev.mnemo.core.code.CodeJobs;
import dev.mnemo.core.code.CodeMap;
import dev.mnemo.core.code.CodeSearch;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.store.code.CodeStore;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.store.audit.AuditRepository;
import dev.mnemo.store.collections.CollectionRepository;
import dev.mnemo.store.db.ConnectionFactories;
import dev.mnemo.store.events.EventMaintenance;
import dev.mnemo.store.events.EventRepository;
import dev.mnemo.store.graph.GraphRepository;
import dev.mnemo.store.keys.ApiKeyRepository;
import dev.mnemo.store.tenant.TenantRepository;
import dev.mnemo.store.tenant.UsageRepository;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that builds Mnemo's services from settings, a connection pool and the models: Spring's
 * {@link CoreConfiguration} calls it for the api and the admin shell, the bench and tests call it directly. Nothing
 * else constructs a repository or a service.
 */
public final class MnemoCore implements AutoCloseable {

    private final MnemoSettings settings;
    private final EventRepository eventRepository;
    private final CollectionRepository collectionRepository;
    private final EventService events;
    private final GraphService graph;
    private final CollectionIndexer indexer;
    private final TenantRepository tenants;
    private final Quotas quotas;
    private final ApiKeys keys;
    private final Audit audit;
    private final Collections collections;
    private final EventExchange exchange;
    private final Reindexer reindexer;
    private final DataStats stats;
    private final Code code;

    /** Code intelligence: indexing folders, the repositories indexed, and search over their chunks. */
    public record Code(CodeIndexer indexer, CodeCatalog catalog, CodeSearch search, CodeJobs jobs, CodeGraph graph,
                       CodeMap map) {
    }

    private MnemoCore(Builder b) {
        this.settings = b.settings;
        DatabaseClient db = DatabaseClient.create(b.pool);
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(b.pool));
        JsonMapper json = JsonMapper.shared();
        CollectionLimits limits = CollectionLimits.from(settings);
        this.eventRepository = new EventRepository(db, tx, json);
        this.collectionRepository = new CollectionRepository(db, json, limits.documentFilterTimeout(),
                limits.documentFilterPermits());
        this.tenants = new TenantRepository(db);
        this.audit = new Audit(new AuditRepository(db, tx));
        this.quotas = new Quotas(tenants, new UsageRepository(db, tx), audit, settings.quotas().defaults(),
                settings.quotas().usageRefresh());
        this.events = new EventService(eventRepository, b.embeddings.get(), settings, quotas);
        this.graph = new GraphService(new GraphRepository(db, tx, json), quotas);
        this.keys = new ApiKeys(new ApiKeyRepository(db), tenants, audit);
        this.indexer = new CollectionIndexer(collectionRepository, tenants, b.indexParallelism, b.indexSweep);
        if (b.startIndexer) {
            indexer.start();
        }
        this.collections = Collections.create(collectionRepository, indexer, b.embeddings, limits,
                Map.of(EmbeddingDomain.TEXT, settings.embedding().dimension(),
                        EmbeddingDomain.CODE, settings.embedding().codeDimension()), json, quotas, settings.search());
        EventMaintenance maintenance = new EventMaintenance(db, tx, json);
        this.exchange = new EventExchange(eventRepository, maintenance, tenants, events, settings);
        this.reindexer = new Reindexer(maintenance, tenants, events, b.embeddings.get(), collectionRepository,
                settings.search().lexical().collectionsAnalyzer());
        this.stats = new DataStats(maintenance, tenants);
        CodeStore codeStore = new CodeStore(db, tx, json);
        MnemoSettings.Code c = settings.code();
        // Chunks are measured with the CODE model's own tokenizer, so none is cut off when embedded.
        DualEmbeddingService models = b.embeddings.get();
        TokenCounter tokens = models == null ? TokenCounter.APPROXIMATE
                : text -> models.tokens(EmbeddingDomain.CODE, text).join();
        Chunker chunker = new Chunker(new ChunkLimits(c.maxTokens(), c.windowLines(), c.overlapLines()), tokens);
        CodeIndexer codeIndexer = new CodeIndexer(codeStore, chunker, b.embeddings, c.analyzer(), c);
        CodeCatalog codeCatalog = new CodeCatalog(codeStore);
        this.code = new Code(codeIndexer, codeCatalog,
                new CodeSearch(codeStore, b.embeddings, c.analyzer(), settings.search()), new CodeJobs(codeIndexer),
                new CodeGraph(codeStore), new CodeMap(codeStore, codeCatalog, tokens));
    }

    public Code code() {
        return code;
    }

    /** @param pool connections to a migrated database (see {@link #pool}) */
    public static Builder builder(MnemoSettings settings, ConnectionFactory pool) {
        return new Builder(settings, pool);
    }

    /** The pool the settings describe (mnemo.db.*, mnemo.search.*) for the database at {@code url}. */
    public static ConnectionPool pool(dev.mnemo.store.db.DatabaseUrl url, MnemoSettings settings) {
        MnemoSettings.Db db = settings.db();
        return ConnectionFactories.pool(url, new ConnectionFactories.PoolOptions(db.poolInitialSize(), db.poolMaxSize(),
                db.acquireTimeout(), db.statementTimeout(), settings.search().efSearch(), settings.search().iterativeScan()));
    }

    public MnemoSettings settings() {
        return settings;
    }

    public EventService events() {
        return events;
    }

    public GraphService graph() {
        return graph;
    }

    public Collections collections() {
        return collections;
    }

    /** NDJSON export and import of events (blocking: admin tools). */
    public EventExchange exchange() {
        return exchange;
    }

    /** Re-embedding with the configured models (blocking: admin tools). */
    public Reindexer reindexer() {
        return reindexer;
    }

    /** Per-tenant quotas: limits, usage, admission of writes. */
    public Quotas quotas() {
        return quotas;
    }

    /** API keys: create, authenticate, list, revoke. */
    public ApiKeys keys() {
        return keys;
    }

    /** The audit log of admin actions and deletions. */
    public Audit audit() {
        return audit;
    }

    public DataStats stats() {
        return stats;
    }

    public CollectionIndexer indexer() {
        return indexer;
    }

    /** For tests and the bench, which look under the services. */
    public EventRepository eventRepository() {
        return eventRepository;
    }

    public CollectionRepository collectionRepository() {
        return collectionRepository;
    }

    /** Stops the background jobs (an interrupted indexing pass loses nothing: the next sweep redoes it). */
    @Override
    public void close() {
        indexer.close();
        code.jobs().close();
    }

    public static final class Builder {
        private final MnemoSettings settings;
        private final ConnectionFactory pool;
        private Supplier<DualEmbeddingService> embeddings = () -> null;
        private int indexParallelism = CollectionIndexer.DEFAULT_PARALLELISM;
        private Duration indexSweep = CollectionIndexer.DEFAULT_SWEEP;
        private boolean startIndexer = true;

        private Builder(MnemoSettings settings, ConnectionFactory pool) {
            this.settings = settings;
            this.pool = pool;
        }

        /** The models, or a supplier of null when none is configured (records and queries then bring vectors). */
        public Builder embeddings(Supplier<DualEmbeddingService> embeddings) {
            this.embeddings = embeddings;
            return this;
        }

        public Builder embeddings(DualEmbeddingService embeddings) {
            return embeddings(() -> embeddings);
        }

        /** The collection indexer's workers and sweep period; {@code start} false leaves it stopped (tests). */
        public Builder indexer(int parallelism, Duration sweep, boolean start) {
            this.indexParallelism = parallelism;
            this.indexSweep = sweep;
            this.startIndexer = start;
            return this;
        }

        public MnemoCore build() {
            return new MnemoCore(this);
        }
    }
}
