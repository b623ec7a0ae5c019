package dev.mnemo.core.graph;

import dev.mnemo.core.error.DatabaseRetry;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.input.Storable;
import dev.mnemo.core.quota.Quotas;
import dev.mnemo.model.graph.Direction;
import dev.mnemo.model.graph.Edge;
import dev.mnemo.model.graph.Node;
import dev.mnemo.model.graph.Reached;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.graph.GraphRepository;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Nodes and edges with the rules events have: values PostgreSQL stores faithfully ({@link Storable}), database
 * work retried where it is safe (ids are chosen before an insert, so a retried insert finds its own row) and every
 * failure a {@link ServiceException}.
 */
public class GraphService {

    private final GraphRepository graph;
    private final Quotas quotas;

    public GraphService(GraphRepository graph, Quotas quotas) {
        this.graph = graph;
        this.quotas = quotas;
    }

    /** A new node; {@code id} null picks one. CONFLICT when a node with a given id exists. */
    public Mono<Node> createNode(Tenant tenant, UUID id, String type, String label, JsonNode properties) {
        return Mono.defer(() -> {
            required("node_type", type);
            Storable.text("label", label);
            JsonNode checked = Storable.json("properties", object("properties", properties));
            UUID nodeId = id == null ? UUID.randomUUID() : id;
            return quotas.guard(tenant, 1, 0, () -> 96L + type.length() + (label == null ? 0 : label.length())
                            + checked.toString().length(),
                    DatabaseRetry.mono(graph.createNode(tenant, nodeId, type, label, checked), "storing a node")
                            .switchIfEmpty(Mono.defer(() -> id == null
                                    ? DatabaseRetry.mono(graph.node(tenant, nodeId), "reading a node")
                                    : Mono.error(ServiceException.conflict("node_id", "node " + nodeId + " already exists")))));
        });
    }

    public Mono<Node> node(Tenant tenant, UUID id) {
        return DatabaseRetry.mono(graph.node(tenant, id), "reading a node")
                .switchIfEmpty(Mono.error(() -> ServiceException.notFound("node", id)));
    }

    public Flux<Node> nodes(Tenant tenant, String type, int limit, int offset) {
        return Flux.defer(() -> DatabaseRetry.flux(graph.nodes(tenant, Storable.text("type", type), limit, offset), "listing nodes"));
    }

    public Mono<Void> deleteNode(Tenant tenant, UUID id) {
        return deleted(DatabaseRetry.mono(graph.deleteNode(tenant, id), "deleting a node"), "node", id);
    }

    public Mono<Edge> createEdge(Tenant tenant, UUID source, UUID target, String relation, JsonNode properties) {
        return Mono.defer(() -> {
            required("relation_type", relation);
            JsonNode checked = Storable.json("properties", object("properties", properties));
            UUID id = UUID.randomUUID();
            return quotas.guard(tenant, 1, 0, () -> 96L + relation.length() + checked.toString().length(),
                    DatabaseRetry.mono(graph.createEdge(tenant, id, source, target, relation, checked), "storing an edge")
                            .switchIfEmpty(Mono.defer(() -> DatabaseRetry.mono(graph.edge(tenant, id), "reading an edge"))));
        });
    }

    public Mono<Edge> edge(Tenant tenant, UUID id) {
        return DatabaseRetry.mono(graph.edge(tenant, id), "reading an edge")
                .switchIfEmpty(Mono.error(() -> ServiceException.notFound("edge", id)));
    }

    public Flux<Edge> edgesOf(Tenant tenant, UUID node) {
        return DatabaseRetry.flux(graph.edgesOf(tenant, node), "reading edges");
    }

    public Mono<Void> deleteEdge(Tenant tenant, UUID id) {
        return deleted(DatabaseRetry.mono(graph.deleteEdge(tenant, id), "deleting an edge"), "edge", id);
    }

    public Flux<Reached> traverse(Tenant tenant, UUID start, String relation, Direction direction, int maxDepth, int limit) {
        return Flux.defer(() -> DatabaseRetry.flux(graph.traverse(tenant, start, Storable.text("relation", relation), direction,
                maxDepth, limit), "traversing the graph"));
    }

    public Mono<List<UUID>> shortestPath(Tenant tenant, UUID from, UUID to, String relation, Direction direction, int maxDepth) {
        return Mono.defer(() -> DatabaseRetry.mono(graph.shortestPath(tenant, from, to, Storable.text("relation", relation),
                        direction, maxDepth), "finding a path"))
                .switchIfEmpty(Mono.error(() -> ServiceException.notFound("path from " + from + " to", to)));
    }

    private static void required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ServiceException.invalid(field, "required", field + " is required");
        }
        Storable.text(field, value);
    }

    /** The object, or null for an absent or JSON-null value (stored as {@code {}}). */
    private static JsonNode object(String field, JsonNode value) {
        if (value != null && !value.isNull() && !value.isObject()) {
            throw ServiceException.invalid(field, "json object", field + " must be a JSON object");
        }
        return value == null || value.isNull() ? null : value;
    }

    private static Mono<Void> deleted(Mono<Boolean> delete, String what, UUID id) {
        return delete.flatMap(found -> found ? Mono.<Void>empty() : Mono.error(ServiceException.notFound(what, id)));
    }
}
