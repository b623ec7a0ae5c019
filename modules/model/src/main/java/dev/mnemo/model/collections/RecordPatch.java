package dev.mnemo.model.collections;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * A partial update of one record: null fields stay as they are. Metadata is merged key by key; a key whose new
 * value is JSON null is removed. A new document without a new embedding is re-embedded.
 */
public record RecordPatch(String id, String document, ObjectNode metadata, float[] embedding) {

    public RecordPatch {
        Objects.requireNonNull(id);
    }
}
