package dev.mnemo.store.graph;

import dev.mnemo.model.graph.Direction;
import dev.mnemo.model.graph.Edge;
import dev.mnemo.model.graph.Node;
import dev.mnemo.model.graph.Reached;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.sql.Sql;
import dev.mnemo.store.tenant.TenantScope;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Nodes, edges and walks over them (recursive CTEs bounded by depth, cycles cut by the path array). */
public class GraphRepository {

    private static final String NODE_COLUMNS = "node_id, node_type, label, properties, created_at";
    private static final String EDGE_COLUMNS = "edge_id, source_node_id, target_node_id, relation_type, properties, created_at";

    private final DatabaseClient db;
    private final TenantScope scope;
    private final JsonMapper json;

    public GraphRepository(DatabaseClient db, TransactionalOperator tx, JsonMapper json) {
        this.db = db;
        this.scope = new TenantScope(db, tx);
        this.json = json;
    }

    public Mono<Node> createNode(Tenant tenant, UUID id, String type, String label, JsonNode properties) {
        Sql sql = new Sql();
        sql.append("INSERT INTO nodes (tenant_id, node_id, node_type, label, properties) VALUES (" + sql.bind(tenant.id())
                + ", " + sql.bind(id) + ", " + sql.bind(type) + ", " + sql.bindNullable(label, String.class) + ", "
                + sql.bind(json(properties)) + ") ON CONFLICT (tenant_id, node_id) DO NOTHING RETURNING " + NODE_COLUMNS);
        return scope.mono(tenant, sql.on(db).map(this::readNode).all().collectList()).flatMap(GraphRepository::first);
    }

    public Mono<Node> node(Tenant tenant, UUID id) {
        return scope.mono(tenant, db.sql("SELECT " + NODE_COLUMNS + " FROM nodes WHERE tenant_id = $1 AND node_id = $2")
                .bind(0, tenant.id()).bind(1, id).map(this::readNode).one());
    }

    public Flux<Node> nodes(Tenant tenant, String type, int limit, int offset) {
        Sql sql = new Sql();
        sql.append("SELECT " + NODE_COLUMNS + " FROM nodes WHERE tenant_id = " + sql.bind(tenant.id()));
        if (type != null) {
            sql.append(" AND node_type = " + sql.bind(type));
        }
        sql.append(" ORDER BY created_at, node_id LIMIT " + sql.bind(limit) + " OFFSET " + sql.bind(offset));
        return scope.flux(tenant, sql.on(db).map(this::readNode).all());
    }

    /** Deletes the node and every edge touching it, in one statement. */
    public Mono<Boolean> deleteNode(Tenant tenant, UUID id) {
        return scope.mono(tenant, db.sql("WITH e AS (DELETE FROM edges WHERE tenant_id = $2"
                        + " AND (source_node_id = $1 OR target_node_id = $1))"
                        + " DELETE FROM nodes WHERE tenant_id = $2 AND node_id = $1")
                .bind(0, id).bind(1, tenant.id()).fetch().rowsUpdated().map(n -> n > 0));
    }

    /** Empty when an edge with this id exists (a retried insert finds its own row). */
    public Mono<Edge> createEdge(Tenant tenant, UUID id, UUID source, UUID target, String relation, JsonNode properties) {
        return scope.mono(tenant, db.sql("INSERT INTO edges (tenant_id, edge_id, source_node_id, target_node_id,"
                        + " relation_type, properties) VALUES ($6, $1, $2, $3, $4, $5)"
                        + " ON CONFLICT (tenant_id, edge_id) DO NOTHING RETURNING " + EDGE_COLUMNS)
                .bind(0, id).bind(1, source).bind(2, target).bind(3, relation).bind(4, json(properties))
                .bind(5, tenant.id())
                .map(this::readEdge).all().collectList()).flatMap(GraphRepository::first);
    }

    public Mono<Edge> edge(Tenant tenant, UUID id) {
        return scope.mono(tenant, db.sql("SELECT " + EDGE_COLUMNS + " FROM edges WHERE tenant_id = $1 AND edge_id = $2")
                .bind(0, tenant.id()).bind(1, id).map(this::readEdge).one());
    }

    public Flux<Edge> edgesOf(Tenant tenant, UUID node) {
        return scope.flux(tenant, db.sql("SELECT " + EDGE_COLUMNS + " FROM edges WHERE tenant_id = $2"
                        + " AND (source_node_id = $1 OR target_node_id = $1) ORDER BY created_at, edge_id")
                .bind(0, node).bind(1, tenant.id()).map(this::readEdge).all());
    }

    public Mono<Boolean> deleteEdge(Tenant tenant, UUID id) {
        return scope.mono(tenant, db.sql("DELETE FROM edges WHERE tenant_id = $1 AND edge_id = $2")
                .bind(0, tenant.id()).bind(1, id).fetch().rowsUpdated().map(n -> n > 0));
    }

    private static <T> Mono<T> first(List<T> rows) {
        return Mono.justOrEmpty(rows.stream().findFirst());
    }

    /** Every node reachable from {@code start} within {@code maxDepth} hops (optionally one relation type only). */
    public Flux<Reached> traverse(Tenant tenant, UUID start, String relation, Direction direction, int maxDepth, int limit) {
        Sql sql = new Sql();
        String t = sql.bind(tenant.id());
        String s = sql.bind(start);
        String depth = sql.bind(maxDepth);
        String rel = sql.bindNullable(relation, String.class);
        String max = sql.bind(limit);
        return scope.flux(tenant, sql.on(db, "WITH RECURSIVE adj AS (" + adjacency(direction, t) + "),"
                + " walk(node_id, depth, path) AS ("
                + "   SELECT " + s + "::uuid, 0, ARRAY[" + s + "::uuid]"
                + "   UNION ALL"
                + "   SELECT adj.b, walk.depth + 1, walk.path || adj.b FROM walk JOIN adj ON adj.a = walk.node_id"
                + "   WHERE walk.depth < " + depth + " AND (" + rel + "::text IS NULL OR adj.relation_type = " + rel + ")"
                + "     AND adj.b <> ALL (walk.path))"
                + " SELECT n.node_id, n.node_type, n.label, n.properties, n.created_at, min(walk.depth) AS depth"
                + " FROM walk JOIN nodes n ON n.tenant_id = " + t + " AND n.node_id = walk.node_id WHERE walk.depth > 0"
                + " GROUP BY n.tenant_id, n.node_id ORDER BY depth, n.node_id LIMIT " + max)
                .map(row -> new Reached(readNode(row), row.get("depth", Integer.class))).all());
    }

    /** The node ids of one shortest path from {@code from} to {@code to}, empty when none within {@code maxDepth}. */
    public Mono<List<UUID>> shortestPath(Tenant tenant, UUID from, UUID to, String relation, Direction direction,
                                         int maxDepth) {
        Sql sql = new Sql();
        String t = sql.bind(tenant.id());
        String a = sql.bind(from);
        String b = sql.bind(to);
        String depth = sql.bind(maxDepth);
        String rel = sql.bindNullable(relation, String.class);
        return scope.mono(tenant, sql.on(db, "WITH RECURSIVE adj AS (" + adjacency(direction, t) + "),"
                + " walk(node_id, depth, path) AS ("
                + "   SELECT " + a + "::uuid, 0, ARRAY[" + a + "::uuid]"
                + "   UNION ALL"
                + "   SELECT adj.b, walk.depth + 1, walk.path || adj.b FROM walk JOIN adj ON adj.a = walk.node_id"
                + "   WHERE walk.depth < " + depth + " AND walk.node_id <> " + b
                + "     AND (" + rel + "::text IS NULL OR adj.relation_type = " + rel + ") AND adj.b <> ALL (walk.path))"
                + " SELECT path FROM walk WHERE node_id = " + b + " ORDER BY depth LIMIT 1")
                .map(row -> Arrays.asList(row.get("path", UUID[].class))).one());
    }

    private Node readNode(Readable row) {
        return new Node(row.get("node_id", UUID.class), row.get("node_type", String.class), row.get("label", String.class),
                tree(row.get("properties", Json.class)), row.get("created_at", OffsetDateTime.class));
    }

    private Edge readEdge(Readable row) {
        return new Edge(row.get("edge_id", UUID.class), row.get("source_node_id", UUID.class),
                row.get("target_node_id", UUID.class), row.get("relation_type", String.class),
                tree(row.get("properties", Json.class)), row.get("created_at", OffsetDateTime.class));
    }

    private Json json(JsonNode node) {
        return Json.of(json.writeValueAsBytes(node == null ? json.createObjectNode() : node));
    }

    private JsonNode tree(Json value) {
        return value == null ? json.createObjectNode() : json.readTree(value.asArray());
    }

    /** The tenant's edges as (a, b) pairs walked from a to b in {@code direction} (our text, never user input). */
    private static String adjacency(Direction direction, String tenant) {
        String edges = " FROM edges WHERE tenant_id = " + tenant;
        return switch (direction) {
            case OUT -> "SELECT source_node_id AS a, target_node_id AS b, relation_type" + edges;
            case IN -> "SELECT target_node_id AS a, source_node_id AS b, relation_type" + edges;
            case BOTH -> "SELECT source_node_id AS a, target_node_id AS b, relation_type" + edges
                    + " UNION ALL SELECT target_node_id, source_node_id, relation_type" + edges;
        };
    }
}
