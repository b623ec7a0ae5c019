package dev.mnemo.store.graph;

import dev.mnemo.model.graph.Direction;
import dev.mnemo.model.graph.Edge;
import dev.mnemo.model.graph.Node;
import dev.mnemo.model.graph.Reached;
import dev.mnemo.store.sql.Sql;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Nodes, edges and walks over them (recursive CTEs bounded by depth, cycles cut by the path array). */
public class GraphRepository {

    private static final String NODE_COLUMNS = "node_id, node_type, label, properties, created_at";
    private static final String EDGE_COLUMNS = "edge_id, source_node_id, target_node_id, relation_type, properties, created_at";

    private final DatabaseClient db;
    private final JsonMapper json;

    public GraphRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    public Mono<Node> createNode(UUID id, String type, String label, JsonNode properties) {
        Sql sql = new Sql();
        sql.append("INSERT INTO nodes (node_id, node_type, label, properties) VALUES (" + sql.bind(id) + ", "
                + sql.bind(type) + ", " + sql.bindNullable(label, String.class) + ", " + sql.bind(json(properties))
                + ") ON CONFLICT (node_id) DO NOTHING RETURNING " + NODE_COLUMNS);
        return sql.on(db).map(this::node).one();
    }

    public Mono<Node> node(UUID id) {
        return db.sql("SELECT " + NODE_COLUMNS + " FROM nodes WHERE node_id = $1").bind(0, id).map(this::node).one();
    }

    public Flux<Node> nodes(String type, int limit, int offset) {
        Sql sql = new Sql().append("SELECT " + NODE_COLUMNS + " FROM nodes");
        if (type != null) {
            sql.append(" WHERE node_type = " + sql.bind(type));
        }
        sql.append(" ORDER BY created_at, node_id LIMIT " + sql.bind(limit) + " OFFSET " + sql.bind(offset));
        return sql.on(db).map(this::node).all();
    }

    /** Deletes the node and every edge touching it, in one statement. */
    public Mono<Boolean> deleteNode(UUID id) {
        return db.sql("WITH e AS (DELETE FROM edges WHERE source_node_id = $1 OR target_node_id = $1)"
                        + " DELETE FROM nodes WHERE node_id = $1")
                .bind(0, id).fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Empty when an edge with this id exists (a retried insert finds its own row). */
    public Mono<Edge> createEdge(UUID id, UUID source, UUID target, String relation, JsonNode properties) {
        return db.sql("INSERT INTO edges (edge_id, source_node_id, target_node_id, relation_type, properties)"
                        + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (edge_id) DO NOTHING RETURNING " + EDGE_COLUMNS)
                .bind(0, id).bind(1, source).bind(2, target).bind(3, relation).bind(4, json(properties))
                .map(this::edge).one();
    }

    public Mono<Edge> edge(UUID id) {
        return db.sql("SELECT " + EDGE_COLUMNS + " FROM edges WHERE edge_id = $1").bind(0, id).map(this::edge).one();
    }

    public Flux<Edge> edgesOf(UUID node) {
        return db.sql("SELECT " + EDGE_COLUMNS + " FROM edges WHERE source_node_id = $1 OR target_node_id = $1"
                + " ORDER BY created_at, edge_id").bind(0, node).map(this::edge).all();
    }

    public Mono<Boolean> deleteEdge(UUID id) {
        return db.sql("DELETE FROM edges WHERE edge_id = $1").bind(0, id).fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Every node reachable from {@code start} within {@code maxDepth} hops (optionally one relation type only). */
    public Flux<Reached> traverse(UUID start, String relation, Direction direction, int maxDepth, int limit) {
        Sql sql = new Sql();
        String s = sql.bind(start);
        String depth = sql.bind(maxDepth);
        String rel = sql.bindNullable(relation, String.class);
        String max = sql.bind(limit);
        return sql.on(db, "WITH RECURSIVE adj AS (" + adjacency(direction) + "),"
                + " walk(node_id, depth, path) AS ("
                + "   SELECT " + s + "::uuid, 0, ARRAY[" + s + "::uuid]"
                + "   UNION ALL"
                + "   SELECT adj.b, walk.depth + 1, walk.path || adj.b FROM walk JOIN adj ON adj.a = walk.node_id"
                + "   WHERE walk.depth < " + depth + " AND (" + rel + "::text IS NULL OR adj.relation_type = " + rel + ")"
                + "     AND adj.b <> ALL (walk.path))"
                + " SELECT n.node_id, n.node_type, n.label, n.properties, n.created_at, min(walk.depth) AS depth"
                + " FROM walk JOIN nodes n ON n.node_id = walk.node_id WHERE walk.depth > 0"
                + " GROUP BY n.node_id ORDER BY depth, n.node_id LIMIT " + max)
                .map(row -> new Reached(node(row), row.get("depth", Integer.class))).all();
    }

    /** The node ids of one shortest path from {@code from} to {@code to}, empty when none within {@code maxDepth}. */
    public Mono<List<UUID>> shortestPath(UUID from, UUID to, String relation, Direction direction, int maxDepth) {
        Sql sql = new Sql();
        String a = sql.bind(from);
        String b = sql.bind(to);
        String depth = sql.bind(maxDepth);
        String rel = sql.bindNullable(relation, String.class);
        return sql.on(db, "WITH RECURSIVE adj AS (" + adjacency(direction) + "),"
                + " walk(node_id, depth, path) AS ("
                + "   SELECT " + a + "::uuid, 0, ARRAY[" + a + "::uuid]"
                + "   UNION ALL"
                + "   SELECT adj.b, walk.depth + 1, walk.path || adj.b FROM walk JOIN adj ON adj.a = walk.node_id"
                + "   WHERE walk.depth < " + depth + " AND walk.node_id <> " + b
                + "     AND (" + rel + "::text IS NULL OR adj.relation_type = " + rel + ") AND adj.b <> ALL (walk.path))"
                + " SELECT path FROM walk WHERE node_id = " + b + " ORDER BY depth LIMIT 1")
                .map(row -> Arrays.asList(row.get("path", UUID[].class))).one();
    }

    private Node node(Readable row) {
        return new Node(row.get("node_id", UUID.class), row.get("node_type", String.class), row.get("label", String.class),
                tree(row.get("properties", Json.class)), row.get("created_at", OffsetDateTime.class));
    }

    private Edge edge(Readable row) {
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

    /** The edges as (a, b) pairs walked from a to b in {@code direction} (our text, never user input). */
    private static String adjacency(Direction direction) {
        return switch (direction) {
            case OUT -> "SELECT source_node_id AS a, target_node_id AS b, relation_type FROM edges";
            case IN -> "SELECT target_node_id AS a, source_node_id AS b, relation_type FROM edges";
            case BOTH -> "SELECT source_node_id AS a, target_node_id AS b, relation_type FROM edges"
                    + " UNION ALL SELECT target_node_id, source_node_id, relation_type FROM edges";
        };
    }
}
