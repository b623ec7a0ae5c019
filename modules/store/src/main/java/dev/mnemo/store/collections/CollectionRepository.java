package dev.mnemo.store.collections;

import dev.mnemo.model.collections.CollectionHit;
import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.collections.CollectionRecord;
import dev.mnemo.model.collections.Distance;
import dev.mnemo.model.collections.HnswParams;
import dev.mnemo.model.collections.Include;
import dev.mnemo.model.collections.RecordPatch;
import dev.mnemo.model.filter.Filter;
import dev.mnemo.model.search.Terms;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.StoreErrors;
import dev.mnemo.store.StoreException;
import dev.mnemo.store.filter.FilterSql;
import dev.mnemo.store.lexical.LexicalSql;
import dev.mnemo.store.sql.Sql;
import dev.mnemo.store.tenant.TenantScope;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.postgresql.codec.Vector;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * All SQL of collections, over R2DBC. Statement text is built from fixed fragments, the collection's table name
 * (from its numeric id) and {@code $n} markers; every value is bound through {@link Sql}.
 */
public final class CollectionRepository {

    private static final String CATALOG_COLUMNS =
            "id, name, metadata, embedding_domain, distance, hnsw_m, hnsw_ef_construction, dimension, created_at, tenant_id";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final TenantScope scope;
    private final JsonMapper json;
    private final Duration documentFilterTimeout;
    private final PermitGate documentFilters;

    /** @param documentFilterPermits reads with a document filter that may hold a connection at once */
    public CollectionRepository(DatabaseClient db, JsonMapper json, Duration documentFilterTimeout, int documentFilterPermits) {
        this.db = db;
        this.tx = TransactionalOperator.create(new R2dbcTransactionManager(db.getConnectionFactory()));
        this.scope = new TenantScope(db, tx);
        this.json = json;
        this.documentFilterTimeout = documentFilterTimeout;
        // A cancelled read keeps its connection until PostgreSQL ends the statement: the permit is held as long.
        this.documentFilters = new PermitGate(documentFilterPermits, 2 * documentFilterPermits, "document-filter reads",
                documentFilterTimeout);
    }

    // ---- catalog ----------------------------------------------------------------------------------------------

    /** Inserts the catalog row and creates the records table with its indexes, in one transaction. */
    public Mono<CollectionInfo> create(NewCollection spec) {
        Mono<CollectionInfo> work = db.sql("INSERT INTO collections (name, metadata, embedding_domain, distance, hnsw_m, "
                        + "hnsw_ef_construction, dimension, tenant_id) VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $8)"
                        + " RETURNING " + CATALOG_COLUMNS)
                .bind(0, spec.name())
                .bind(1, Json.of(json.writeValueAsString(spec.metadata())))
                .bind(2, spec.domain())
                .bind(3, spec.distance().wire())
                .bind(4, spec.hnsw().m())
                .bind(5, spec.hnsw().efConstruction())
                .bind(6, spec.dimension())
                .bind(7, spec.tenant().id())
                .map(this::collection).one()
                .flatMap(c -> Flux.fromIterable(CollectionTables.create(c.id(), spec.dimension(), spec.distance(), spec.hnsw()))
                        .concatMap(ddl -> db.sql(ddl).then())
                        .then(Mono.just(c)));
        return scope.mono(spec.tenant(), work).onErrorMap(StoreErrors::translate);
    }

    public Mono<CollectionInfo> find(Tenant tenant, String name) {
        return scope.mono(tenant, db.sql("SELECT " + CATALOG_COLUMNS + " FROM collections WHERE tenant_id = $1 AND name = $2")
                        .bind(0, tenant.id()).bind(1, name)
                        .map(this::collection).one())
                .onErrorMap(StoreErrors::translate);
    }

    public Flux<CollectionInfo> list(Tenant tenant, int limit, int offset) {
        return scope.flux(tenant, db.sql("SELECT " + CATALOG_COLUMNS + " FROM collections WHERE tenant_id = $1"
                                + " ORDER BY name LIMIT $2 OFFSET $3")
                        .bind(0, tenant.id()).bind(1, limit).bind(2, offset)
                        .map(this::collection).all())
                .onErrorMap(StoreErrors::translate);
    }

    /** Removes the catalog row and drops the records table; false when there was no such collection. */
    public Mono<Boolean> drop(Tenant tenant, String name) {
        Mono<Boolean> work = db.sql("DELETE FROM collections WHERE tenant_id = $1 AND name = $2 RETURNING id")
                .bind(0, tenant.id()).bind(1, name)
                .map(row -> row.get("id", Long.class)).one()
                .flatMap(id -> db.sql(CollectionTables.drop(id)).then()
                        .then(db.sql(LexicalSql.drop("$1", "$2")).bind(0, tenant.id())
                                .bind(1, CollectionTables.table(id)).then())
                        .thenReturn(true))
                .defaultIfEmpty(false);
        return scope.mono(tenant, work).onErrorMap(StoreErrors::translate);
    }

    // ---- records: writes --------------------------------------------------------------------------------------

    /**
     * Writes records (all embedded, ids unique within the list) in one statement, with their documents' lexical
     * terms ({@code terms}, parallel to {@code records}) indexed by the same statement. {@code upsert} replaces
     * existing records (their old terms unindexed first, in the same transaction); otherwise an existing id fails
     * the whole statement with a CONFLICT naming the ids that exist.
     */
    public Mono<Long> write(CollectionInfo c, List<CollectionRecord> records, List<Terms> terms, boolean upsert) {
        if (records.isEmpty()) {
            return Mono.just(0L);
        }
        // One array per column, unnested: four parameters for any number of records (a VALUES list of four per
        // record passed PostgreSQL's 65 535-parameter limit beyond 16 383 records).
        int n = records.size();
        String[] ids = new String[n];
        String[] documents = new String[n];
        String[] metadata = new String[n];
        Vector[] embeddings = new Vector[n];
        for (int i = 0; i < n; i++) {
            CollectionRecord r = records.get(i);
            ids[i] = r.id();
            documents[i] = r.document();
            metadata[i] = json.writeValueAsString(r.metadata());
            embeddings[i] = Vector.of(r.embedding());
        }
        Sql b = new Sql();
        String idList = b.bind(ids);
        String insert = "INSERT INTO " + table(c) + " (id, document, metadata, embedding) SELECT id, document,"
                + " metadata::jsonb, embedding FROM unnest(" + idList + "::text[], " + b.bind(documents) + "::text[], "
                + b.bind(metadata) + "::text[], " + b.bind(embeddings) + "::vector[]) AS u(id, document, metadata, embedding)"
                + (upsert ? " ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document, metadata = EXCLUDED.metadata,"
                + " embedding = EXCLUDED.embedding, indexed = false" : "");
        Mono<Long> work;
        if (!upsert) {
            // New records only: their terms go in with them, one statement.
            String sql = "WITH written AS (" + insert + " RETURNING id), "
                    + LexicalSql.index(b.bind(c.tenant().id()), b.bind(table(c)), "SELECT id FROM written",
                    LexicalSql.Batch.of(List.of(ids), terms).bind(b))
                    + " SELECT count(*) FROM written";
            work = execute(sql, b).map(row -> row.get(0, Long.class)).one();
        } else {
            // The rows first (locked by this transaction from then on: a concurrent upsert of the same id waits
            // here), then their old terms out and the new ones in, each in a statement that sees the rows as now.
            work = execute(insert, b).fetch().rowsUpdated()
                    .flatMap(written -> reindex(c, ids, terms).thenReturn(written));
        }
        return scope.mono(c.tenant(), work)
                .onErrorResume(e -> !upsert && StoreErrors.translate(e).kind() == StoreException.Kind.DUPLICATE,
                        e -> existingIds(c, List.of(ids)).take(10).collectList()
                                .flatMap(existing -> Mono.error(new StoreException(StoreException.Kind.DUPLICATE,
                                        false, existing, "records exist: " + existing, e))))
                .onErrorMap(StoreErrors::translate);
    }

    public Flux<String> existingIds(CollectionInfo c, List<String> ids) {
        return scope.flux(c.tenant(), db.sql("SELECT id FROM " + table(c) + " WHERE id = ANY($1::text[]) ORDER BY id")
                        .bind(0, ids.toArray(String[]::new))
                        .map(row -> row.get("id", String.class)).all())
                .onErrorMap(StoreErrors::translate);
    }

    /**
     * Applies patches (ids known to exist) in one transaction; returns the number of rows changed. A new document is
     * analysed by {@code terms} and replaces the record's terms in the lexical index.
     */
    public Mono<Long> update(CollectionInfo c, List<RecordPatch> patches, Function<String, Terms> terms) {
        Flux<Long> each = Flux.fromIterable(patches).concatMap(p -> {
            Sql b = new Sql();
            List<String> sets = new ArrayList<>();
            if (p.document() != null) {
                sets.add("document = " + b.bind(p.document()));
            }
            if (p.embedding() != null) {
                sets.add("embedding = " + b.bind(Vector.of(p.embedding())));
            }
            if (p.metadata() != null) {
                ObjectNode set = json.createObjectNode();
                List<String> removed = new ArrayList<>();
                for (Map.Entry<String, tools.jackson.databind.JsonNode> e : p.metadata().properties()) {
                    if (e.getValue().isNull()) {
                        removed.add(e.getKey());
                    } else {
                        set.set(e.getKey(), e.getValue());
                    }
                }
                sets.add("metadata = (metadata || " + b.bind(Json.of(json.writeValueAsString(set))) + "::jsonb) - "
                        + b.bind(removed.toArray(String[]::new)) + "::text[]");
            }
            if (sets.isEmpty()) {
                return Mono.just(0L);
            }
            sets.add("indexed = false"); // the new row version joins the graph in the background, like any write
            String update = "UPDATE " + table(c) + " SET " + String.join(", ", sets) + " WHERE id = " + b.bind(p.id());
            if (p.document() == null) {
                return execute(update, b).fetch().rowsUpdated();
            }
            // A new document: the row first (locked from then on), then its old terms out and its new ones in.
            return execute(update, b).fetch().rowsUpdated().flatMap(n -> n == 0 ? Mono.just(0L)
                    : reindex(c, new String[] {p.id()}, List.of(terms.apply(p.document()))).thenReturn(n));
        });
        return scope.mono(c.tenant(), each.reduce(0L, Long::sum)).onErrorMap(StoreErrors::translate);
    }

    /** Deletes by ids and/or filter (at least one is given by the caller); returns how many were deleted. */
    public Mono<Long> delete(CollectionInfo c, List<String> ids, Filter filter) {
        Sql b = new Sql();
        String where = where(ids, filter, b);
        // The rows first, then their terms, in a later statement: one that sees what a concurrent update of the same
        // record (which this DELETE waited for) indexed.
        Flux<Long> work = execute("DELETE FROM " + table(c) + where + " RETURNING id", b)
                .map(row -> row.get(0, String.class)).all().collectList()
                .flatMap(gone -> gone.isEmpty() ? Mono.just(0L)
                        : unindex(c, gone.toArray(String[]::new)).thenReturn((long) gone.size()))
                .flux();
        // reduce, not next(): cancelling a transactional flux (a document filter's) rolls it back.
        return scoped(c, filter, work)
                .reduce(0L, Long::sum).onErrorMap(StoreErrors::translate);
    }

    /** Removes the documents {@code ids} from the collection's lexical index (joins the caller's transaction). */
    private Mono<Void> unindex(CollectionInfo c, String[] ids) {
        Sql b = new Sql();
        String sql = "WITH " + LexicalSql.unindex(b.bind(c.tenant().id()), b.bind(table(c)),
                "SELECT unnest(" + b.bind(ids) + "::text[])") + " SELECT count(*) FROM lex_gone";
        return execute(sql, b).fetch().rowsUpdated().then();
    }

    /** Replaces the terms of existing records (rows written by this transaction): old ones out, new ones in. */
    private Mono<Void> reindex(CollectionInfo c, String[] ids, List<Terms> terms) {
        Sql b = new Sql();
        String tenant = b.bind(c.tenant().id());
        String index = b.bind(table(c));
        String[] markers = LexicalSql.Batch.of(List.of(ids), terms).bind(b);
        String sql = "WITH written AS (SELECT id FROM " + table(c) + " WHERE id = ANY(" + markers[0] + "::text[])), "
                + LexicalSql.index(tenant, index, "SELECT id FROM written", markers) + " SELECT count(*) FROM written";
        return unindex(c, ids).then(execute(sql, b).fetch().rowsUpdated()).then();
    }

    // ---- the lexical index ----------------------------------------------------------------------------------

    /**
     * The {@code k} records whose documents hold terms of {@code query}, best BM25 score first ({@code score} of each
     * hit), passing {@code filter}: candidates best first, each looked up and filtered in turn until k pass (the
     * same plan as the events' lexical search).
     */
    public Flux<CollectionHit> lexical(CollectionInfo c, Terms query, Filter filter, int k, Set<Include> include,
                                       double k1, double b) {
        if (query.isEmpty()) {
            return Flux.empty();
        }
        Sql sql = new Sql();
        String ranked = LexicalSql.rank(sql, sql.bind(c.tenant().id()), sql.bind(table(c)), query, k1, b);
        String where = filter == null ? "" : " AND (" + FilterSql.render(filter, sql) + ")";
        sql.append("WITH " + ranked + " SELECT " + columns("t.", include) + ", r.score"
                + " FROM (SELECT doc_id, score FROM lex_ranked ORDER BY score DESC, doc_id) r"
                + " CROSS JOIN LATERAL (SELECT * FROM " + table(c) + " WHERE id = r.doc_id" + where + ") t"
                + " ORDER BY r.score DESC, r.doc_id LIMIT " + sql.bind(k));
        return scoped(c, filter, sql.on(db).map(row -> new CollectionHit(record(row, include, false),
                        row.get("score", Double.class), null)).all())
                .onErrorMap(StoreErrors::translate);
    }

    /** Empties the collection's lexical index (a re-analysis rebuilds it). */
    public Mono<Void> dropLexical(CollectionInfo c) {
        return scope.mono(c.tenant(), db.sql(LexicalSql.drop("$1", "$2")).bind(0, c.tenant().id()).bind(1, table(c)).then())
                .onErrorMap(StoreErrors::translate);
    }

    /** Records not yet in the lexical index (written before it existed), id order after {@code after}. */
    public Mono<List<CollectionRecord>> lexicalPending(CollectionInfo c, String after, int limit) {
        Sql b = new Sql();
        String sql = "SELECT id, document, metadata FROM " + table(c) + " t WHERE NOT EXISTS (SELECT 1 FROM lexical_docs d"
                + " WHERE d.tenant_id = " + b.bind(c.tenant().id()) + " AND d.index_id = " + b.bind(table(c))
                + " AND d.doc_id = t.id)" + (after == null ? "" : " AND id > " + b.bind(after))
                + " ORDER BY id LIMIT " + b.bind(limit);
        return scope.mono(c.tenant(), execute(sql, b).map(row -> record(row, Include.GET_DEFAULT, false)).all().collectList())
                .onErrorMap(StoreErrors::translate);
    }

    /** How many records are not in the lexical index yet. */
    public Mono<Long> countLexicalPending(CollectionInfo c) {
        Sql b = new Sql();
        String sql = "SELECT count(*) FROM " + table(c) + " t WHERE NOT EXISTS (SELECT 1 FROM lexical_docs d"
                + " WHERE d.tenant_id = " + b.bind(c.tenant().id()) + " AND d.index_id = " + b.bind(table(c))
                + " AND d.doc_id = t.id)";
        return scope.mono(c.tenant(), execute(sql, b).map(row -> row.get(0, Long.class)).one())
                .onErrorMap(StoreErrors::translate);
    }

    /**
     * Indexes existing records (the backfill) in one statement; a record deleted or indexed meanwhile is skipped.
     * Returns the records indexed.
     */
    public Mono<Long> indexLexical(CollectionInfo c, List<String> ids, List<Terms> terms) {
        if (ids.isEmpty()) {
            return Mono.just(0L);
        }
        Sql b = new Sql();
        String tenant = b.bind(c.tenant().id());
        String index = b.bind(table(c));
        String[] markers = LexicalSql.Batch.of(ids, terms).bind(b);
        String sql = "WITH written AS (SELECT t.id FROM " + table(c) + " t WHERE t.id = ANY(" + markers[0] + "::text[])"
                + " AND NOT EXISTS (SELECT 1 FROM lexical_docs d WHERE d.tenant_id = " + tenant
                + " AND d.index_id = " + index + " AND d.doc_id = t.id)"
                // A delete meanwhile waits for this statement (and unindexes what it indexed) or has committed.
                + " FOR KEY SHARE OF t), " + LexicalSql.index(tenant, index, "SELECT id FROM written", markers)
                + " SELECT count(*) FROM lex_docs";
        return scope.mono(c.tenant(), execute(sql, b).map(row -> row.get(0, Long.class)).one())
                .onErrorMap(StoreErrors::translate);
    }

    // ---- the background index -------------------------------------------------------------------------------

    /**
     * Moves up to {@code n} unindexed records into the HNSW graph (one UPDATE, its own transaction); returns how many
     * it moved. SKIP LOCKED: rows a writer holds are left for the next batch, and indexers of several instances
     * share the work instead of queueing on the same rows.
     */
    public Mono<Long> indexBatch(CollectionInfo c, int n) {
        return scope.mono(c.tenant(), db.sql("UPDATE " + table(c) + " SET indexed = true WHERE id IN (SELECT id FROM "
                        + table(c) + " WHERE NOT indexed LIMIT $1 FOR UPDATE SKIP LOCKED) AND NOT indexed")
                .bind(0, n).fetch().rowsUpdated());
    }

    /** Records written but not yet in the HNSW graph (they are searched exactly meanwhile). */
    public Mono<Long> pendingIndex(CollectionInfo c) {
        return scope.mono(c.tenant(), db.sql("SELECT count(*) AS n FROM " + table(c) + " WHERE NOT indexed")
                        .map(row -> row.get("n", Long.class)).one())
                .onErrorMap(StoreErrors::translate);
    }

    /** Fresh planner statistics after the indexer flipped many rows (else the planner believes they are pending). */
    public Mono<Void> analyze(CollectionInfo c) {
        return scope.mono(c.tenant(), db.sql("ANALYZE " + table(c)).then());
    }

    // ---- records: reads ---------------------------------------------------------------------------------------

    public Mono<Long> count(CollectionInfo c) {
        return scope.mono(c.tenant(), db.sql("SELECT count(*) AS n FROM " + table(c)).map(row -> row.get("n", Long.class)).one())
                .onErrorMap(StoreErrors::translate);
    }

    /** Records by ids and/or filter, ordered by id. */
    public Flux<CollectionRecord> get(CollectionInfo c, List<String> ids, Filter filter, int limit, int offset,
                                      Set<Include> include) {
        Sql b = new Sql();
        String sql = "SELECT " + columns(include) + " FROM " + table(c) + where(ids, filter, b)
                + " ORDER BY id LIMIT " + b.bind(limit) + " OFFSET " + b.bind(offset);
        return scoped(c, filter, execute(sql, b).map(row -> record(row, include, false)).all())
                .onErrorMap(StoreErrors::translate);
    }

    /** The whole collection in id order, one keyset page at a time (constant memory, no OFFSET). */
    public Flux<CollectionRecord> scan(CollectionInfo c, int pageSize, Set<Include> include) {
        return page(c, null, pageSize, include)
                .expand(page -> page.size() < pageSize ? Mono.empty()
                        : page(c, page.get(page.size() - 1).id(), pageSize, include))
                .concatMapIterable(page -> page);
    }

    private Mono<List<CollectionRecord>> page(CollectionInfo c, String after, int size, Set<Include> include) {
        Sql b = new Sql();
        String sql = "SELECT " + columns(include) + " FROM " + table(c)
                + (after == null ? "" : " WHERE id > " + b.bind(after)) + " ORDER BY id LIMIT " + b.bind(size);
        return scope.mono(c.tenant(), execute(sql, b).map(row -> record(row, include, false)).all().collectList())
                .onErrorMap(StoreErrors::translate);
    }

    /**
     * The k nearest records to {@code vector} that pass {@code filter}, from both parts of the table: the k best of
     * the HNSW graph ({@code indexed}) and the k best of the records not yet in it (exact, found through the partial
     * {@code _pending_idx}), merged. The graph part's ORDER BY is the bare operator expression the index serves; with
     * hnsw.iterative_scan=relaxed_order (set on every connection) the index keeps scanning until k rows pass the
     * filter, and the outer ORDER BY restores exact order among them.
     */
    public Flux<CollectionRecord> query(CollectionInfo c, float[] vector, Filter filter, int k, Set<Include> include) {
        return query(c, vector, filter, k, include, false);
    }

    /**
     * Like {@link #query(CollectionInfo, float[], Filter, int, Set)}; with {@code exact} the graph part does not use
     * the HNSW index: the filter's matches are found through their own index and ranked by exact distance (for a
     * selective filter that is faster than walking the graph until k matches turn up, and never misses one).
     */
    public Flux<CollectionRecord> query(CollectionInfo c, float[] vector, Filter filter, int k, Set<Include> include,
                                        boolean exact) {
        Sql sql = querySql(c, vector, filter, k, include, exact);
        return scoped(c, filter, sql.on(db).map(row -> record(row, include, true)).all())
                .onErrorMap(StoreErrors::translate);
    }

    /** PostgreSQL's plan for {@link #query} (EXPLAIN, not run): shows whether the HNSW index serves it. */
    public Mono<String> explainQuery(CollectionInfo c, float[] vector, Filter filter, int k, boolean exact) {
        Sql sql = querySql(c, vector, filter, k, Include.QUERY_DEFAULT, exact);
        return scope.mono(c.tenant(), sql.on(db, "EXPLAIN " + sql.text()).map(row -> row.get(0, String.class)).all()
                .collectList()).map(l -> String.join("\n", l));
    }

    /**
     * The statement of {@link #query}: the filter is rendered once, and its text (with its {@code $n} markers) used
     * by both parts, so its values are bound once however often the statement reads them.
     */
    static Sql querySql(CollectionInfo c, float[] vector, Filter filter, int k, Set<Include> include, boolean exact) {
        Sql b = new Sql();
        String v = b.bind(Vector.of(vector));
        String limit = b.bind(k);
        String where = filter == null ? "" : " AND (" + FilterSql.render(filter, b) + ")";
        return b.append("WITH graph AS MATERIALIZED (" + nearest(c, "indexed", v, where, limit, include, exact) + "), "
                + "pending AS MATERIALIZED (" + nearest(c, "NOT indexed", v, where, limit, include, false) + ") "
                + "SELECT * FROM (SELECT * FROM graph UNION ALL SELECT * FROM pending) hits ORDER BY distance LIMIT " + limit);
    }

    private static String nearest(CollectionInfo c, String part, String v, String where, String limit,
                                  Set<Include> include, boolean exact) {
        String order = exact ? DistanceSql.exactOrderBy(c.distance(), "embedding", v) : DistanceSql.orderBy(c.distance(), "embedding", v);
        return "SELECT " + columns(include) + ", " + DistanceSql.score(c.distance(), "embedding", v) + " AS distance FROM "
                + table(c) + " WHERE " + part + where + " ORDER BY " + order + " LIMIT " + limit;
    }

    /**
     * How many indexed records pass {@code filter}, counted up to {@code cap} (it stops there: a broad filter costs
     * a short scan, not a full one). PostgreSQL's estimates were no substitute: ranges on jsonb get a default
     * selectivity that called a 50 % filter selective.
     */
    public Mono<Long> countMatches(CollectionInfo c, Filter filter, long cap) {
        Sql b = new Sql();
        String sql = "SELECT count(*) AS n FROM (SELECT 1 FROM " + table(c) + " WHERE indexed AND ("
                + FilterSql.render(filter, b) + ") LIMIT " + b.bind(cap) + ") matches";
        return scoped(c, filter, execute(sql, b).map(row -> row.get("n", Long.class)).all())
                .reduce(0L, Long::sum).onErrorMap(StoreErrors::translate);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static String where(List<String> ids, Filter filter, Sql b) {
        List<String> conditions = new ArrayList<>();
        if (ids != null) {
            conditions.add("id = ANY(" + b.bind(ids.toArray(String[]::new)) + "::text[])");
        }
        if (filter != null) {
            conditions.add(FilterSql.render(filter, b));
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static String columns(Set<Include> include) {
        return columns("", include);
    }

    private static String columns(String prefix, Set<Include> include) {
        return prefix + "id, " + prefix + "document, " + prefix + "metadata"
                + (include.contains(Include.EMBEDDINGS) ? ", " + prefix + "embedding" : "");
    }

    /**
     * Records statements run in their collection's tenant scope. Document filters (regex above all) also get a short
     * statement_timeout, set with set_config(..., true) = SET LOCAL with a bound value, and run a few at a time
     * ({@link PermitGate}), so they cannot take every pooled connection from plain reads: the permit is taken before
     * the transaction, so a read waiting for one holds no connection.
     */
    private <T> Flux<T> scoped(CollectionInfo c, Filter filter, Flux<T> work) {
        if (filter == null || !Filter.hasDocumentFilter(filter)) {
            return scope.flux(c.tenant(), work);
        }
        Mono<Void> limit = db.sql("SELECT set_config('statement_timeout', $1, true)")
                .bind(0, Long.toString(documentFilterTimeout.toMillis())).then();
        return documentFilters.run(scope.flux(c.tenant(), limit.thenMany(work)));
    }

    private static String table(CollectionInfo c) {
        return CollectionTables.table(c.id());
    }

    private DatabaseClient.GenericExecuteSpec execute(String sql, Sql bindings) {
        return bindings.on(db, sql);
    }

    private CollectionRecord record(Readable row, Set<Include> include, boolean withDistance) {
        Json metadata = row.get("metadata", Json.class);
        float[] embedding = null;
        if (include.contains(Include.EMBEDDINGS)) {
            Vector vector = row.get("embedding", Vector.class);
            embedding = vector == null ? null : vector.getVector();
        }
        Double distance = withDistance ? row.get("distance", Double.class) : null;
        return new CollectionRecord(row.get("id", String.class), row.get("document", String.class),
                metadata == null ? json.createObjectNode() : (ObjectNode) json.readTree(metadata.asString()), embedding, distance);
    }

    private CollectionInfo collection(Readable row) {
        return new CollectionInfo(
                row.get("id", Long.class),
                row.get("name", String.class),
                (ObjectNode) json.readTree(row.get("metadata", Json.class).asString()),
                row.get("embedding_domain", String.class),
                Distance.byWire(row.get("distance", String.class)).orElseThrow(),
                new HnswParams(row.get("hnsw_m", Integer.class), row.get("hnsw_ef_construction", Integer.class)),
                row.get("dimension", Integer.class),
                row.get("created_at", OffsetDateTime.class),
                new Tenant(row.get("tenant_id", String.class)));
    }
}
