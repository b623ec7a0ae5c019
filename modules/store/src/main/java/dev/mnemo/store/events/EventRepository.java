package dev.mnemo.store.events;

import dev.mnemo.model.events.Event;
import dev.mnemo.model.events.EventPage;
import dev.mnemo.model.filter.Filter;
import dev.mnemo.model.search.Terms;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.filter.FilterSql;
import dev.mnemo.store.lexical.LexicalSql;
import dev.mnemo.store.sql.Sql;
import dev.mnemo.store.tenant.TenantScope;
import io.r2dbc.postgresql.codec.Vector;
import io.r2dbc.spi.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Events in PostgreSQL over R2DBC: writes, lookups, filtered and vector search, export. Never blocks. */
public class EventRepository {

    private static final int EXPORT_PAGE = 500;

    private final DatabaseClient db;
    private final TenantScope scope;
    private final EventRows rows;

    public EventRepository(DatabaseClient db, TransactionalOperator tx, JsonMapper json) {
        this.db = db;
        this.scope = new TenantScope(db, tx);
        this.rows = new EventRows(json);
    }

    /** One row of a batch write: the id and whether it was new (false: it existed, the retry changed nothing). */
    public record WriteResult(UUID id, boolean inserted) {
    }

    /**
     * Writes a batch in ONE transaction; an id that already exists is left as it is (so a retried batch with the same
     * ids duplicates nothing). Results come back in input order.
     *
     * <p>Why arrays: one single-row INSERT per event (even pipelined) costs a bind/execute round per row; binding each
     * column as ONE array and unnesting it makes each chunk of rows a single statement (several times faster for
     * 384-d vectors). Vectors travel as binary {@code vector[]}, JSON as text, every value as a parameter. The CTE
     * keeps the input's ordinality so generated ids map back and, for an id given twice, only the occurrence the
     * INSERT wrote (the first) reports {@code inserted}.
     */
    public Flux<WriteResult> insertAll(Tenant tenant, List<NewEvent> events) {
        if (events.isEmpty()) {
            return Flux.empty();
        }
        Flux<WriteResult> write = db.inConnectionMany(connection -> Flux.range(0, (events.size() - 1) / INSERT_CHUNK + 1)
                .concatMap(chunk -> {
                    List<NewEvent> part = events.subList(chunk * INSERT_CHUNK,
                            Math.min(events.size(), (chunk + 1) * INSERT_CHUNK));
                    return Flux.from(bindColumns(connection.createStatement(INSERT_ALL), tenant, part).execute())
                            .concatMap(result -> result.map((row, meta) ->
                                    new WriteResult(row.get(0, UUID.class), Boolean.TRUE.equals(row.get(1, Boolean.class)))));
                }));
        return scope.flux(tenant, write);
    }

    private static final int INSERT_CHUNK = 1000;

    /** The lexical batch's arrays, after the nine of the rows. */
    private static final String[] LEXICAL_MARKERS = {"$10", "$11", "$12", "$13", "$14"};

    /**
     * One event, and the row as stored, in one round trip (the batch statement's input, the whole row returned).
     * Empty when an event with this id exists.
     */
    public Mono<Event> insertOne(Tenant tenant, NewEvent event) {
        // collectList, not next(): cancelling the transaction early would roll the write back.
        return scope.mono(tenant, db.inConnection(connection -> Flux.from(bindColumns(
                                connection.createStatement(INSERT_ONE), tenant, List.of(event)).execute())
                .concatMap(result -> result.map((row, meta) -> rows.read(row, false)))
                .collectList())).flatMap(list -> Mono.justOrEmpty(list.stream().findFirst()));
    }

    private static final String INSERT_ONE = """
            WITH written AS (
                INSERT INTO events (tenant_id, id, timestamp, content, metadata, embedding, embedding_model,
                                    embedding_code, code_embedding_model)
                SELECT $9, id, COALESCE(ts, now()), content::jsonb, COALESCE(metadata::jsonb, '{}'::jsonb), embedding,
                       embedding_model, embedding_code, code_embedding_model
                FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::vector[], $6::text[],
                            $7::vector[], $8::text[])
                     AS u(id, ts, content, metadata, embedding, embedding_model, embedding_code, code_embedding_model)
                ON CONFLICT (tenant_id, id) DO NOTHING
                RETURNING\s""" + EventRows.COLUMNS + """
            ),
            """ + LexicalSql.index("$9", "'events'", "SELECT id::text FROM written", LEXICAL_MARKERS) + """
            SELECT * FROM written""";

    private static final String INSERT_ALL = """
            WITH input AS (
                SELECT COALESCE(id, gen_random_uuid()) AS id, ts, content, metadata, embedding, embedding_model,
                       embedding_code, code_embedding_model, ord
                FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::vector[], $6::text[],
                            $7::vector[], $8::text[])
                     WITH ORDINALITY AS u(id, ts, content, metadata, embedding, embedding_model, embedding_code,
                                          code_embedding_model, ord)
            ), written AS (
                INSERT INTO events (tenant_id, id, timestamp, content, metadata, embedding, embedding_model,
                                    embedding_code, code_embedding_model)
                SELECT $9, id, COALESCE(ts, now()), content::jsonb, COALESCE(metadata::jsonb, '{}'::jsonb), embedding,
                       embedding_model, embedding_code, code_embedding_model
                FROM input ORDER BY ord
                ON CONFLICT (tenant_id, id) DO NOTHING
                RETURNING id
            ),
            """ + LexicalSql.index("$9", "'events'", "SELECT id::text FROM written", LEXICAL_MARKERS) + """
            SELECT i.id, w.id IS NOT NULL AND row_number() OVER (PARTITION BY i.id ORDER BY i.ord) = 1
            FROM input i LEFT JOIN written w ON w.id = i.id
            ORDER BY i.ord""";

    private Statement bindColumns(Statement st, Tenant tenant, List<NewEvent> part) {
        int n = part.size();
        UUID[] ids = new UUID[n];
        OffsetDateTime[] timestamps = new OffsetDateTime[n];
        String[] contents = new String[n];
        String[] metadata = new String[n];
        Vector[] embeddings = new Vector[n];
        String[] models = new String[n];
        Vector[] codeEmbeddings = new Vector[n];
        String[] codeModels = new String[n];
        for (int i = 0; i < n; i++) {
            NewEvent e = part.get(i);
            ids[i] = e.id();
            timestamps[i] = e.timestamp();
            contents[i] = rows.jsonText(e.content());
            metadata[i] = e.metadata() == null ? null : rows.jsonText(e.metadata());
            embeddings[i] = e.embedding() == null ? null : Vector.of(e.embedding());
            models[i] = e.embeddingModel();
            codeEmbeddings[i] = e.embeddingCode() == null ? null : Vector.of(e.embeddingCode());
            codeModels[i] = e.codeEmbeddingModel();
        }
        LexicalSql.Batch lexical = LexicalSql.Batch.of(part.stream().map(e -> e.id() == null ? null : e.id().toString()).toList(),
                part.stream().map(NewEvent::terms).toList());
        return st.bind(0, ids).bind(1, timestamps).bind(2, contents).bind(3, metadata).bind(4, embeddings)
                .bind(5, models).bind(6, codeEmbeddings).bind(7, codeModels).bind(8, tenant.id())
                .bind(9, lexical.docIds()).bind(10, lexical.lengths()).bind(11, lexical.postingDocs())
                .bind(12, lexical.postingTerms()).bind(13, lexical.postingTfs());
    }

    public Mono<Event> findById(Tenant tenant, UUID id) {
        Sql sql = new Sql();
        sql.append("SELECT " + EventRows.COLUMNS + " FROM events WHERE tenant_id = " + sql.bind(tenant.id())
                + " AND id = " + sql.bind(id));
        return scope.read(tenant, sql, row -> rows.read(row, false)).next();
    }

    /** Merges {@code patch} into the event's metadata (top-level keys replaced). Empty when the event is absent. */
    public Mono<Event> mergeMetadata(Tenant tenant, UUID id, JsonNode patch) {
        return scope.mono(tenant, db.sql("UPDATE events SET metadata = COALESCE(metadata, '{}'::jsonb) || $3"
                        + " WHERE tenant_id = $1 AND id = $2 RETURNING " + EventRows.COLUMNS)
                .bind(0, tenant.id()).bind(1, id).bind(2, rows.json(patch))
                .map(row -> rows.read(row, false)).all().collectList())
                .flatMap(list -> Mono.justOrEmpty(list.stream().findFirst()));
    }

    public Mono<Boolean> delete(Tenant tenant, UUID id) {
        return scope.mono(tenant, db.sql("WITH gone AS (DELETE FROM events WHERE tenant_id = $1 AND id = $2 RETURNING id), "
                        + LexicalSql.unindex("$1", "'events'", "SELECT id::text FROM gone") + " SELECT count(*) FROM gone")
                .bind(0, tenant.id()).bind(1, id).map(row -> row.get(0, Long.class)).one().map(n -> n > 0));
    }

    /** Filter-only or vector search on one vector (the text one when both are given), one page, with its total. */
    public Mono<EventPage> search(Tenant tenant, EventQuery q) {
        if (!q.isVector()) {
            Sql page = new Sql();
            page.append("SELECT " + EventRows.columns("", q.withVectors()) + " FROM events WHERE " + where(tenant, q, page)
                    + " ORDER BY timestamp DESC, id LIMIT " + page.bind(q.limit()) + " OFFSET " + page.bind(q.offset()));
            Sql count = new Sql();
            count.append("SELECT count(*) FROM events WHERE " + where(tenant, q, count));
            return scope.mono(tenant, page.on(db).map(row -> rows.read(row, false)).all().collectList()
                    .zipWith(count.on(db).map(row -> row.get(0, Long.class)).one())
                    .map(t -> new EventPage(t.getT1(), t.getT2())));
        }
        boolean text = q.textVector() != null;
        Sql sql = new Sql();
        String filter = where(tenant, q, sql);
        String v = sql.bind(Vector.of(text ? q.textVector() : q.codeVector()));
        // The outer ORDER BY restores exact order: pgvector's iterative scan (relaxed_order) may return a filtered
        // walk's hits slightly out of order; id breaks ties so pages do not repeat or skip equal distances.
        sql.append("SELECT * FROM (" + nearest(q, text ? "embedding" : "embedding_code", v, filter, sql,
                        sql.bind(q.limit()) + " OFFSET " + sql.bind(q.offset()))
                + ") hits ORDER BY similarity DESC, id");
        return scope.read(tenant, sql, row -> rows.read(row, true)).collectList()
                .map(events -> new EventPage(events, (long) q.offset() + events.size()));
    }

    /**
     * The events whose text holds terms of {@code query}, ranked by BM25 ({@code similarity}: the score), passing
     * {@code q}'s filter, one page of {@code q}. The filter applies before the page is cut, so a filtered top-k is
     * complete. One statement, pipelined with its scope.
     */
    public Mono<List<Event>> lexical(Tenant tenant, EventQuery q, Terms query, double k1, double b) {
        if (query.isEmpty()) {
            return Mono.just(List.of());
        }
        Sql sql = new Sql();
        String t = sql.bind(tenant.id());
        String ranked = LexicalSql.rank(sql, t, "'events'", query, k1, b);
        String filter = where(tenant, q, sql);
        // Candidates best first, each looked up (and filtered) in turn until the page is full: a nested loop under the
        // LIMIT stops early, where a join of every candidate to its event cost most of the query (~5 µs each).
        // (A subquery with ORDER BY is not flattened, so its order carries to the outer ORDER BY with no new sort.)
        sql.append("WITH " + ranked + " SELECT " + EventRows.columns("e", q.withVectors()) + ", r.score AS similarity"
                + " FROM (SELECT doc_id, score FROM lex_ranked ORDER BY score DESC, doc_id) r"
                + " CROSS JOIN LATERAL (SELECT * FROM events WHERE " + filter + " AND id = r.doc_id::uuid) e"
                + " ORDER BY r.score DESC, r.doc_id LIMIT " + sql.bind(q.limit()) + " OFFSET " + sql.bind(q.offset()));
        return scope.read(tenant, sql, row -> rows.read(row, true)).collectList();
    }

    /**
     * The nearest {@code candidates} events of each vector of {@code q} (text first, then code), ranked separately
     * in one statement, the filter rendered once and used by both: the legs a caller fuses (HYBRID).
     */
    public Mono<List<List<Event>>> legs(Tenant tenant, EventQuery q, int candidates) {
        Sql sql = new Sql();
        String filter = where(tenant, q, sql);
        String limit = sql.bind(candidates);
        String tv = sql.bind(Vector.of(q.textVector()));
        String cv = sql.bind(Vector.of(q.codeVector()));
        sql.append("SELECT 0 AS leg, * FROM (" + nearest(q, "embedding", tv, filter, sql, limit) + ") t"
                + " UNION ALL SELECT 1 AS leg, * FROM (" + nearest(q, "embedding_code", cv, filter, sql, limit) + ") c"
                + " ORDER BY leg, similarity DESC, id");
        return scope.read(tenant, sql, row -> Map.entry(row.get("leg", Integer.class), rows.read(row, true)))
                .collect(() -> List.<List<Event>>of(new ArrayList<>(), new ArrayList<>()),
                        (legs, hit) -> legs.get(hit.getKey()).add(hit.getValue()));
    }

    /**
     * Nearest first on one vector column; ORDER BY distance + LIMIT is what lets PostgreSQL walk the HNSW index. To
     * rank a selective filter's matches exactly, the order is an expression the index cannot serve ({@code + 0}),
     * so PostgreSQL reads the matches through the metadata index instead of walking the graph.
     */
    private String nearest(EventQuery q, String column, String v, String filter, Sql sql, String limit) {
        String distance = column + " <=> " + v;
        return "SELECT " + EventRows.columns("", q.withVectors()) + ", 1 - (" + distance + ") AS similarity FROM events"
                + " WHERE " + column + " IS NOT NULL AND " + filter
                + (q.maxDistance() == null ? "" : " AND " + distance + " <= " + sql.bind(q.maxDistance()))
                + " ORDER BY " + (q.scanMatches() ? "(" + distance + ") + 0, id" : distance) + " LIMIT " + limit;
    }

    /** The filter rendered for this query (null: none): containment as a function call for a graph walk. */
    private static String filter(EventQuery q, Sql sql) {
        return q.filter() == null ? null
                : FilterSql.render(q.filter(), sql, FilterSql.Columns.events(q.isVector() && !q.scanMatches()));
    }

    /** The tenant's rows, and those that pass the query's filter. */
    private static String where(Tenant tenant, EventQuery q, Sql sql) {
        String filter = filter(q, sql);
        return "tenant_id = " + sql.bind(tenant.id()) + (filter == null ? "" : " AND " + filter);
    }

    /**
     * Every event matching the filter, oldest first, read in keyset pages so memory stays constant whatever the
     * table size; the next page is asked for only when the subscriber wants more.
     */
    public Flux<Event> export(Tenant tenant, Filter filter) {
        return exportPage(tenant, filter, null)
                .expand(page -> page.size() < EXPORT_PAGE ? Mono.empty()
                        : exportPage(tenant, filter, page.get(page.size() - 1)))
                .concatMapIterable(page -> page, 1);
    }

    private Mono<List<Event>> exportPage(Tenant tenant, Filter filter, Event after) {
        Sql sql = new Sql();
        sql.append("SELECT " + EventRows.COLUMNS + " FROM events WHERE tenant_id = " + sql.bind(tenant.id())
                + (filter == null ? "" : " AND " + FilterSql.render(filter, sql, FilterSql.Columns.events(false))));
        if (after != null) {
            sql.append(" AND (timestamp, id) > (" + sql.bind(after.timestamp()) + ", " + sql.bind(after.id()) + ")");
        }
        sql.append(" ORDER BY timestamp, id LIMIT " + sql.bind(EXPORT_PAGE));
        return scope.mono(tenant, sql.on(db).map(row -> rows.read(row, false)).all().collectList());
    }

    /** Events passing {@code filter}, counted up to {@code cap} (a broad filter stops early). */
    public Mono<Long> countMatches(Tenant tenant, Filter filter, long cap) {
        Sql sql = new Sql();
        String where = "tenant_id = " + sql.bind(tenant.id()) + " AND "
                + FilterSql.render(filter, sql, FilterSql.Columns.events(false));
        sql.append("SELECT count(*) FROM (SELECT 1 FROM events WHERE " + where + " LIMIT " + sql.bind(cap) + ") matches");
        return scope.mono(tenant, sql.on(db).map(row -> row.get(0, Long.class)).one());
    }

    public Mono<Long> count(Tenant tenant) {
        return scope.mono(tenant, db.sql("SELECT count(*) FROM events WHERE tenant_id = $1").bind(0, tenant.id())
                .map(row -> row.get(0, Long.class)).one());
    }

}
