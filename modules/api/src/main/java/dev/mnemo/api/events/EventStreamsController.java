package dev.mnemo.api.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mnemo.api.error.InputErrors;
import dev.mnemo.api.error.ProblemHandler;
import dev.mnemo.api.input.Inputs;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.events.EventDraft;
import dev.mnemo.core.events.EventService;
import dev.mnemo.core.security.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk ingest (a JSON batch, or NDJSON streamed with backpressure) and NDJSON export. Retrying a batch with the same
 * ids duplicates nothing: existing ids are reported as {@code exists}.
 */
@RestController
@RequestMapping("/v1/events")
public class EventStreamsController {

    /** Lines per transaction when streaming NDJSON; the next chunk is read only after this one is stored. */
    static final int NDJSON_CHUNK = 256;
    static final int CHUNKS_IN_FLIGHT = 2;

    private final EventService events;
    private final JsonMapper json;

    /** @param json the service's mapper (strict types, {@link dev.mnemo.api.web.StrictJson}), as for JSON bodies */
    public EventStreamsController(EventService events, JsonMapper json) {
        this.events = events;
        this.json = json;
    }

    /** One event's fate; {@code embedding_truncated_to} names the models that embedded only its first tokens. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ItemResult(Long line, UUID id, String status, String field, String error,
                             @JsonProperty("embedding_truncated_to") Map<String, Integer> embeddingTruncatedTo) {
        static ItemResult of(Long line, EventService.Written r) {
            return new ItemResult(line, r.id(), r.inserted() ? "created" : "exists", null, null, r.truncatedTo());
        }

        static ItemResult error(Long line, String field, String error) {
            return new ItemResult(line, null, "error", field, error, null);
        }
    }

    public record BatchResponse(int created, int existing, List<ItemResult> results) {
    }

    /** A JSON batch: {@code [event, ...]} or {@code {"events": [...]}}. All valid or nothing is written. */
    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<BatchResponse>> batch(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        return Mono.defer(() -> {
            JsonNode items = body.isArray() ? body : body.get("events");
            if (items == null || !items.isArray()) {
                throw ServiceException.invalid("events", "json array", "send an array of events, or {\"events\": [...]}");
            }
            List<EventDraft> drafts = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                drafts.add(parse(items.get(i), "events[" + i + "]."));
            }
            return events.createAll(caller.tenant(), drafts, "events").map(r -> ItemResult.of(null, r)).collectList();
        }).map(results -> {
            int created = (int) results.stream().filter(r -> r.status().equals("created")).count();
            return ResponseEntity.status(HttpStatus.CREATED)
                    .body(new BatchResponse(created, results.size() - created, results));
        });
    }

    /**
     * NDJSON in, NDJSON out: one result per input line, in order. Lines are stored in chunks of {@value #NDJSON_CHUNK},
     * each in one transaction, {@value #CHUNKS_IN_FLIGHT} at a time; a bad line gets its own error result and does not stop the others.
     */
    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_NDJSON_VALUE, produces = MediaType.APPLICATION_NDJSON_VALUE)
    public Flux<ItemResult> stream(@AuthenticationPrincipal Caller caller, @RequestBody Flux<String> lines) {
        return lines.index()
                .filter(line -> !line.getT2().isBlank())
                .buffer(NDJSON_CHUNK)
                // Two chunks in flight: HNSW maintenance is CPU-bound in PostgreSQL, one backend per core. Results
                // stay in input order; at most two chunks are held, so memory stays bounded for any stream.
                .flatMapSequential(chunk -> storeChunk(caller, chunk), CHUNKS_IN_FLIGHT, 1);
    }

    private Flux<ItemResult> storeChunk(Caller caller, List<Tuple2<Long, String>> chunk) {
        ItemResult[] results = new ItemResult[chunk.size()];
        // Parse and validate line by line, so a bad line is reported alone; the valid ones go in one transaction.
        List<EventDraft> valid = new ArrayList<>();
        List<Integer> validPositions = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            long line = chunk.get(i).getT1() + 1;
            try {
                EventDraft draft = parse(json.readTree(chunk.get(i).getT2()), "");
                events.validate(draft, "");
                valid.add(draft);
                validPositions.add(i);
            } catch (JacksonException e) {
                ProblemHandler.FieldError error = InputErrors.describe(e, "");
                results[i] = ItemResult.error(line, error.field().equals("body") ? "line" : error.field(), error.message());
            } catch (ServiceException e) {
                results[i] = ItemResult.error(line, e.field(), e.getMessage());
            }
        }
        return events.createEach(caller.tenant(), valid).collectList()
                .map(outcomes -> {
                    for (int j = 0; j < outcomes.size(); j++) {
                        int i = validPositions.get(j);
                        long line = chunk.get(i).getT1() + 1;
                        EventService.Outcome o = outcomes.get(j);
                        results[i] = o.error() == null ? ItemResult.of(line, o.written())
                                : ItemResult.error(line, o.error().field(), o.error().getMessage());
                    }
                    return List.of(results);
                })
                .flatMapIterable(list -> list);
    }

    private EventDraft parse(JsonNode node, String prefix) {
        if (node == null || !node.isObject()) {
            throw ServiceException.invalid(prefix.isEmpty() ? "line" : prefix.substring(0, prefix.length() - 1),
                    "json object", "each event must be a JSON object");
        }
        CreateEventRequest request;
        try {
            request = json.treeToValue(node, CreateEventRequest.class);
        } catch (JacksonException e) {
            ProblemHandler.FieldError error = InputErrors.describe(e, prefix);
            throw ServiceException.invalid(error.field(), error.rule(), error.message());
        }
        return request.toDraft(prefix);
    }

    /** Every matching event as NDJSON, oldest first, read page by page: constant memory for any size. */
    @GetMapping(path = "/export", produces = MediaType.APPLICATION_NDJSON_VALUE)
    public Flux<EventModel> export(@AuthenticationPrincipal Caller caller, @RequestParam(name = "filter_metadata", required = false) String filterMetadata,
                                   @RequestParam(name = "ts_start", required = false) String tsStart,
                                   @RequestParam(name = "ts_end", required = false) String tsEnd) {
        return Flux.defer(() -> events.export(caller.tenant(), Inputs.jsonObject("filter_metadata", filterMetadata),
                Inputs.timestamp("ts_start", tsStart), Inputs.timestamp("ts_end", tsEnd))).map(EventModel::of);
    }
}
