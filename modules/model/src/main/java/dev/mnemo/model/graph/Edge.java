package dev.mnemo.model.graph;

import java.time.OffsetDateTime;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A directed, typed edge. MnemoLite keeps no foreign keys: an edge may name nodes written later. */
public record Edge(UUID edgeId, UUID sourceNodeId, UUID targetNodeId, String relationType, JsonNode properties,
                   OffsetDateTime createdAt) {
}
