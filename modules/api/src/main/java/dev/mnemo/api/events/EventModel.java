package dev.mnemo.api.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mnemo.model.events.Event;
import dev.mnemo.model.events.EventPage;
import dev.mnemo.model.search.Explanation;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * MnemoLite's EventModel, field for field; Mnemo adds {@code embedding_code} (only when the event has one) and, in
 * the answer to a write, {@code embedding_truncated_to} (only when a model embedded just the first tokens of the
 * text: {@code {"text": 256}}) and, in a search with {@code explain=true}, {@code explain}: the hit's rank and score in
 * each leg ({@code vector}, {@code lexical}; absent when that leg did not find it) and the score it was ranked by.
 */
public record EventModel(UUID id, OffsetDateTime timestamp, JsonNode content, JsonNode metadata, float[] embedding,
                         @JsonProperty("similarity_score") Double similarityScore,
                         @JsonProperty("embedding_code") @JsonInclude(JsonInclude.Include.NON_NULL) float[] embeddingCode,
                         @JsonProperty("embedding_truncated_to") @JsonInclude(JsonInclude.Include.NON_EMPTY)
                         Map<String, Integer> embeddingTruncatedTo,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Explanation explain) {

    public static EventModel of(Event e) {
        return of(e, Map.of());
    }

    public static EventModel of(Event e, Map<String, Integer> truncatedTo) {
        return new EventModel(e.id(), e.timestamp(), e.content(), e.metadata(), e.embedding(), e.similarity(),
                e.embeddingCode(), truncatedTo, null);
    }

    /** A search hit, with its explanation when the search asked for one ({@code explain=true}). */
    public static EventModel of(Event e, EventPage page) {
        return new EventModel(e.id(), e.timestamp(), e.content(), e.metadata(), e.embedding(), e.similarity(),
                e.embeddingCode(), Map.of(), page.explanations().get(e.id()));
    }
}
