package dev.mnemo.api.events;

import dev.mnemo.api.input.Inputs;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.events.EventDraft;
import tools.jackson.databind.JsonNode;

/**
 * MnemoLite's create body {content, metadata?, embedding?, timestamp?}; Mnemo adds {@code id} (idempotent batch
 * retries) and {@code domain} (TEXT | CODE | HYBRID: which vectors to generate).
 */
public record CreateEventRequest(String id, JsonNode content, JsonNode metadata, float[] embedding, String timestamp,
                                 String domain) {

    public EventDraft toDraft(String prefix) {
        if (content == null || content.isNull()) {
            throw ServiceException.invalid(prefix + "content", "required", "content is required");
        }
        return new EventDraft(id == null ? null : Inputs.uuid(prefix + "id", id),
                Inputs.timestamp(prefix + "timestamp", timestamp), content, metadata, embedding,
                Inputs.domain(prefix + "domain", domain));
    }
}
