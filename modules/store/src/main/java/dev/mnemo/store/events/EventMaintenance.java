package dev.mnemo.store.events;

import dev.mnemo.model.events.EventCounts;
import dev.mnemo.model.events.StoredEvent;
import dev.mnemo.model.search.Terms;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.lexical.LexicalSql;
import dev.mnemo.store.sql.Sql;
import dev.mnemo.store.tenant.TenantScope;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.postgresql.codec.Vector;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL of administrative work on events, apart from the request path: whole-table export pages with model names,
 * re-computed vectors, and the counts of {@code data stats}.
 */
public class EventMaintenance {

    /** One row's new vector. */
    public record VectorUpdate(UUID id, float[] vector) {
    }

    private final DatabaseClient db;
    private final TenantScope scope;
    private final JsonMapper json;

    public EventMaintenance(DatabaseClient db, TransactionalOperator tx, JsonMapper json) {
        this.db = db;
        this.scope = new TenantScope(db, tx);
        this.json = json;
    }

    /** Up to {@code limit} rows after {@code after} (null: from the start), in (timestamp, id) order. */
    public Mono<List<StoredEvent>> page(Tenant tenant, StoredEvent after, int limit) {
        Sql sql = new Sql();
        sql.append("SELECT id, timestamp, content, metadata, embedding, embedding_model, embedding_code,"
                + " code_embedding_model FROM events WHERE tenant_id = " + sql.bind(tenant.id()));
        if (after != null) {
            sql.append(" AND (timestamp, id) > (" + sql.bind(after.timestamp()) + ", " + sql.bind(after.id()) + ")");
        }
        sql.append(" ORDER BY timestamp, id LIMIT " + sql.bind(limit));
        return scope.mono(tenant, sql.on(db).map(this::stored).all().collectList());
    }

    private StoredEvent stored(Readable row) {
        Json content = row.get("content", Json.class);
        Json metadata = row.get("metadata", Json.class);
        Vector text = row.get("embedding", Vector.class);
        Vector code = row.get("embedding_code", Vector.class);
        return new StoredEvent(row.get("id", UUID.class), row.get("timestamp", OffsetDateTime.class),
                json.readTree(content.asArray()), metadata == null ? json.createObjectNode() : json.readTree(metadata.asArray()),
                text == null ? null : text.getVector(), row.get("embedding_model", String.class),
                code == null ? null : code.getVector(), row.get("code_embedding_model", String.class));
    }

    /**
     * Writes re-computed vectors: one pipelined UPDATE per row, the whole batch in ONE short transaction, so a batch
     * is either fully written (vectors and model names together) or not at all, and row locks are held for
     * milliseconds: the service's reads never wait (MVCC) and its writes to other rows never do. Returns the rows
     * updated (a row deleted meanwhile is simply not counted).
     */
    public Mono<Long> updateVectors(Tenant tenant, VectorColumn column, String model, List<VectorUpdate> updates) {
        if (updates.isEmpty()) {
            return Mono.just(0L);
        }
        Flux<Long> write = db.inConnectionMany(connection -> {
            Statement st = connection.createStatement("UPDATE events SET " + column.vector() + " = $1, "
                    + column.model() + " = $2 WHERE tenant_id = $4 AND id = $3");
            for (int i = 0; i < updates.size(); i++) {
                if (i > 0) {
                    st.add();
                }
                st.bind(0, Vector.of(updates.get(i).vector())).bind(1, model).bind(2, updates.get(i).id())
                        .bind(3, tenant.id());
            }
            return Flux.from(st.execute()).concatMap(result -> Mono.from(result.getRowsUpdated()));
        });
        return scope.flux(tenant, write).reduce(0L, Long::sum);
    }

    /** Empties the tenant's lexical index of events (a re-analysis rebuilds it); returns nothing. */
    public Mono<Void> dropLexical(Tenant tenant) {
        return scope.mono(tenant, db.sql(LexicalSql.drop("$1", "'events'")).bind(0, tenant.id()).then());
    }

    /** Events not yet in the lexical index (no analysed document), in id order after {@code after}. */
    public Mono<List<StoredEvent>> lexicalPending(Tenant tenant, UUID after, int limit) {
        Sql sql = new Sql();
        String t = sql.bind(tenant.id());
        sql.append("SELECT id, timestamp, content, metadata, NULL::vector AS embedding, embedding_model,"
                + " NULL::vector AS embedding_code, code_embedding_model FROM events e WHERE tenant_id = " + t
                + " AND NOT EXISTS (SELECT 1 FROM lexical_docs d WHERE d.tenant_id = " + t
                + " AND d.index_id = 'events' AND d.doc_id = e.id::text)");
        if (after != null) {
            sql.append(" AND id > " + sql.bind(after));
        }
        sql.append(" ORDER BY id LIMIT " + sql.bind(limit));
        return scope.mono(tenant, sql.on(db).map(this::stored).all().collectList());
    }

    /** How many events are not yet in the lexical index. */
    public Mono<Long> countLexicalPending(Tenant tenant) {
        return scope.mono(tenant, db.sql("SELECT count(*) FROM events e WHERE tenant_id = $1 AND NOT EXISTS"
                        + " (SELECT 1 FROM lexical_docs d WHERE d.tenant_id = $1 AND d.index_id = 'events'"
                        + " AND d.doc_id = e.id::text)")
                .bind(0, tenant.id()).map(row -> row.get(0, Long.class)).one());
    }

    /**
     * Indexes existing events (the backfill): their analysed terms, statistics included, in one statement. An event
     * deleted or indexed meanwhile is skipped. Returns the events indexed.
     */
    public Mono<Long> indexLexical(Tenant tenant, List<UUID> ids, List<Terms> terms) {
        if (ids.isEmpty()) {
            return Mono.just(0L);
        }
        LexicalSql.Batch batch = LexicalSql.Batch.of(ids.stream().map(UUID::toString).toList(), terms);
        Sql sql = new Sql();
        String t = sql.bind(tenant.id());
        String[] markers = batch.bind(sql);
        sql.append("WITH written AS (SELECT e.id::text AS id FROM events e WHERE e.tenant_id = " + t
                + " AND e.id = ANY(" + markers[0] + "::text[]::uuid[]) AND NOT EXISTS (SELECT 1 FROM lexical_docs d"
                + " WHERE d.tenant_id = " + t + " AND d.index_id = 'events' AND d.doc_id = e.id::text)"
                // A delete running meanwhile either waits for this statement (and unindexes what it indexed) or
                // has committed (and the row is not returned): no posting outlives its event.
                + " FOR KEY SHARE OF e), "
                + LexicalSql.index(t, "'events'", "SELECT id FROM written", markers)
                + " SELECT count(*) FROM lex_docs");
        return scope.mono(tenant, sql.on(db).map(row -> row.get(0, Long.class)).one());
    }

    /** Rows whose vector in {@code column} is missing or was not produced by {@code model}. */
    public Mono<Long> countNeeding(Tenant tenant, VectorColumn column, String model) {
        return scope.mono(tenant, db.sql("SELECT count(*) FROM events WHERE tenant_id = $2 AND ("
                        + column.model() + " IS DISTINCT FROM $1 OR " + column.vector() + " IS NULL)")
                .bind(0, model).bind(1, tenant.id()).map(row -> row.get(0, Long.class)).one());
    }

    /** Events whose {@code column} vector is missing or not produced by {@code model}, in id order after {@code after}. */
    public Mono<List<StoredEvent>> needing(Tenant tenant, VectorColumn column, String model, UUID after, int limit) {
        Sql sql = new Sql();
        sql.append("SELECT id, timestamp, content, metadata, embedding, embedding_model, embedding_code,"
                + " code_embedding_model FROM events WHERE tenant_id = " + sql.bind(tenant.id()) + " AND ("
                + column.model() + " IS DISTINCT FROM ");
        sql.append(sql.bind(model) + " OR " + column.vector() + " IS NULL)");
        if (after != null) {
            sql.append(" AND id > " + sql.bind(after));
        }
        sql.append(" ORDER BY id LIMIT " + sql.bind(limit));
        return scope.mono(tenant, sql.on(db).map(this::stored).all().collectList());
    }

    /** One tenant's counts. */
    public Mono<EventCounts> counts(Tenant tenant) {
        Mono<long[]> totals = db.sql("SELECT count(*), count(embedding), count(embedding_code),"
                        + " (SELECT count(*) FROM nodes WHERE tenant_id = $1),"
                        + " (SELECT count(*) FROM edges WHERE tenant_id = $1) FROM events WHERE tenant_id = $1")
                .bind(0, tenant.id())
                .map(row -> new long[] {row.get(0, Long.class), row.get(1, Long.class), row.get(2, Long.class),
                        row.get(3, Long.class), row.get(4, Long.class)})
                .one();
        return scope.mono(tenant, totals.zipWith(perModel(tenant, VectorColumn.TEXT))
                .zipWith(perModel(tenant, VectorColumn.CODE))
                .map(t -> new EventCounts(t.getT1().getT1()[0], t.getT1().getT1()[1], t.getT1().getT1()[2],
                        t.getT1().getT2(), t.getT2(), t.getT1().getT1()[3], t.getT1().getT1()[4])));
    }

    private Mono<Map<String, Long>> perModel(Tenant tenant, VectorColumn column) {
        return db.sql("SELECT COALESCE(" + column.model() + ", '(unknown)') AS model, count(*) AS n FROM events WHERE "
                        + "tenant_id = $1 AND " + column.vector() + " IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1")
                .bind(0, tenant.id())
                .map(row -> Map.entry(row.get("model", String.class), row.get("n", Long.class)))
                .all().collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()));
    }
}
