package dev.mnemo.api.graph;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mnemo.api.input.Inputs;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.graph.GraphService;
import dev.mnemo.core.security.Caller;
import dev.mnemo.model.graph.Direction;
import dev.mnemo.model.graph.Edge;
import dev.mnemo.model.graph.Node;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Nodes, edges, traversal and shortest path over MnemoLite's graph tables. */
@RestController
public class GraphController {

    static final int MAX_DEPTH = 6;

    private final GraphService graph;

    public GraphController(GraphService graph) {
        this.graph = graph;
    }

    public record NodeModel(@JsonProperty("node_id") UUID nodeId, @JsonProperty("node_type") String nodeType,
                            String label, JsonNode properties, @JsonProperty("created_at") OffsetDateTime createdAt,
                            Integer depth) {
        static NodeModel of(Node n, Integer depth) {
            return new NodeModel(n.nodeId(), n.nodeType(), n.label(), n.properties(), n.createdAt(), depth);
        }
    }

    public record EdgeModel(@JsonProperty("edge_id") UUID edgeId, @JsonProperty("source_node_id") UUID source,
                            @JsonProperty("target_node_id") UUID target,
                            @JsonProperty("relation_type") String relationType, JsonNode properties,
                            @JsonProperty("created_at") OffsetDateTime createdAt) {
        static EdgeModel of(Edge e) {
            return new EdgeModel(e.edgeId(), e.sourceNodeId(), e.targetNodeId(), e.relationType(), e.properties(),
                    e.createdAt());
        }
    }

    public record CreateNode(@JsonProperty("node_id") String nodeId, @JsonProperty("node_type") String nodeType,
                             String label, JsonNode properties) {
    }

    public record CreateEdge(@JsonProperty("source_node_id") String source, @JsonProperty("target_node_id") String target,
                             @JsonProperty("relation_type") String relationType, JsonNode properties) {
    }

    @PostMapping("/v1/nodes")
    public Mono<ResponseEntity<NodeModel>> createNode(@AuthenticationPrincipal Caller caller, @RequestBody CreateNode body) {
        return Mono.defer(() -> graph.createNode(caller.tenant(), body.nodeId() == null ? null : Inputs.uuid("node_id", body.nodeId()),
                        body.nodeType(), body.label(), body.properties()))
                .map(n -> ResponseEntity.status(HttpStatus.CREATED).body(NodeModel.of(n, null)));
    }

    @GetMapping("/v1/nodes/{id}")
    public Mono<NodeModel> node(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Mono.defer(() -> graph.node(caller.tenant(), Inputs.uuid("id", id))).map(n -> NodeModel.of(n, null));
    }

    @GetMapping("/v1/nodes")
    public Flux<NodeModel> nodes(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) String type, @RequestParam(defaultValue = "100") int limit,
                                 @RequestParam(defaultValue = "0") int offset) {
        return Flux.defer(() -> graph.nodes(caller.tenant(), type, Inputs.range("limit", limit, 1, 1000),
                Inputs.range("offset", offset, 0, Integer.MAX_VALUE))).map(n -> NodeModel.of(n, null));
    }

    @DeleteMapping("/v1/nodes/{id}")
    public Mono<ResponseEntity<Void>> deleteNode(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Mono.defer(() -> graph.deleteNode(caller.tenant(), Inputs.uuid("id", id))).thenReturn(ResponseEntity.noContent().build());
    }

    @GetMapping("/v1/nodes/{id}/edges")
    public Flux<EdgeModel> edgesOf(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Flux.defer(() -> graph.edgesOf(caller.tenant(), Inputs.uuid("id", id))).map(EdgeModel::of);
    }

    @PostMapping("/v1/edges")
    public Mono<ResponseEntity<EdgeModel>> createEdge(@AuthenticationPrincipal Caller caller, @RequestBody CreateEdge body) {
        return Mono.defer(() -> graph.createEdge(caller.tenant(), Inputs.uuid("source_node_id", body.source()),
                        Inputs.uuid("target_node_id", body.target()), body.relationType(), body.properties()))
                .map(e -> ResponseEntity.status(HttpStatus.CREATED).body(EdgeModel.of(e)));
    }

    @GetMapping("/v1/edges/{id}")
    public Mono<EdgeModel> edge(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Mono.defer(() -> graph.edge(caller.tenant(), Inputs.uuid("id", id))).map(EdgeModel::of);
    }

    @DeleteMapping("/v1/edges/{id}")
    public Mono<ResponseEntity<Void>> deleteEdge(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Mono.defer(() -> graph.deleteEdge(caller.tenant(), Inputs.uuid("id", id))).thenReturn(ResponseEntity.noContent().build());
    }

    @GetMapping("/v1/graph/traverse")
    public Flux<NodeModel> traverse(@AuthenticationPrincipal Caller caller, @RequestParam String start, @RequestParam(required = false) String relation,
                                    @RequestParam(defaultValue = "out") String direction,
                                    @RequestParam(name = "max_depth", defaultValue = "2") int maxDepth,
                                    @RequestParam(defaultValue = "100") int limit) {
        return Flux.defer(() -> graph.traverse(caller.tenant(), Inputs.uuid("start", start), relation, direction(direction),
                        Inputs.range("max_depth", maxDepth, 1, MAX_DEPTH), Inputs.range("limit", limit, 1, 1000)))
                .map(r -> NodeModel.of(r.node(), r.depth()));
    }

    public record PathModel(List<UUID> path, int length) {
    }

    @GetMapping("/v1/graph/path")
    public Mono<PathModel> path(@AuthenticationPrincipal Caller caller, @RequestParam String from, @RequestParam String to,
                                @RequestParam(required = false) String relation,
                                @RequestParam(defaultValue = "out") String direction,
                                @RequestParam(name = "max_depth", defaultValue = "4") int maxDepth) {
        return Mono.defer(() -> graph.shortestPath(caller.tenant(), Inputs.uuid("from", from), Inputs.uuid("to", to), relation,
                        direction(direction), Inputs.range("max_depth", maxDepth, 1, MAX_DEPTH)))
                .map(p -> new PathModel(p, p.size() - 1));
    }

    private static Direction direction(String text) {
        try {
            return Direction.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("direction", "one of out, in, both", "direction '" + text + "' is unknown");
        }
    }
}
