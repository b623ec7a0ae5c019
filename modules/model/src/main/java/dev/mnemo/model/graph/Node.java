package dev.mnemo.model.graph;

import java.time.OffsetDateTime;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A node of MnemoLite's graph (concepts, entities, code symbols, ...). */
public record Node(UUID nodeId, String nodeType, String label, JsonNode properties, OffsetDateTime createdAt) {
}
