package dev.mnemo.api.events;

import dev.mnemo.api.input.Inputs;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.events.EventSearch;
import dev.mnemo.core.events.EventService;
import dev.mnemo.core.security.Caller;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** MnemoLite's /v1/events routes, unchanged for clients (with and without the trailing slash). */
@RestController
@RequestMapping("/v1/events")
public class EventsController {

    private final EventService events;

    public EventsController(EventService events) {
        this.events = events;
    }

    @PostMapping({"", "/"})
    public Mono<ResponseEntity<EventModel>> create(@AuthenticationPrincipal Caller caller, @RequestBody CreateEventRequest body) {
        return Mono.defer(() -> events.create(caller.tenant(), body.toDraft("")))
                .map(c -> ResponseEntity.status(HttpStatus.CREATED).body(EventModel.of(c.event(), c.truncatedTo())));
    }

    @GetMapping("/{id}")
    public Mono<EventModel> get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Mono.defer(() -> events.get(caller.tenant(), Inputs.uuid("id", id))).map(EventModel::of);
    }

    @PatchMapping("/{id}/metadata")
    public Mono<EventModel> patchMetadata(@AuthenticationPrincipal Caller caller, @PathVariable String id, @RequestBody JsonNode patch) {
        return Mono.defer(() -> events.patchMetadata(caller.tenant(), Inputs.uuid("id", id), patch)).map(EventModel::of);
    }

    @DeleteMapping("/{id}")
    public Mono<ResponseEntity<Void>> delete(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Mono.defer(() -> events.delete(caller.tenant(), Inputs.uuid("id", id))).thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping("/filter/metadata")
    public Mono<List<EventModel>> filterByMetadata(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode filter,
                                                   @RequestParam(defaultValue = "10") int limit,
                                                   @RequestParam(defaultValue = "0") int offset,
                                                   @RequestParam(name = "include_embeddings", defaultValue = "true")
                                                   boolean includeEmbeddings) {
        return Mono.defer(() -> {
            if (filter == null || !filter.isObject()) {
                throw ServiceException.invalid("body", "json object", "the metadata filter must be a JSON object");
            }
            return events.search(caller.tenant(), EventSearch.page(Inputs.range("limit", limit, 1, 100),
                            Inputs.range("offset", offset, 0, Integer.MAX_VALUE))
                    .metadata(filter).withVectors(includeEmbeddings).build());
        }).map(page -> page.events().stream().map(EventModel::of).toList());
    }

    @PostMapping("/search/embedding")
    public Mono<List<EventModel>> searchByEmbedding(@AuthenticationPrincipal Caller caller, @RequestBody float[] vector,
                                                    @RequestParam(defaultValue = "5") int limit,
                                                    @RequestParam(name = "include_embeddings", defaultValue = "true")
                                                    boolean includeEmbeddings) {
        return Mono.defer(() -> events.search(caller.tenant(), EventSearch.page(Inputs.range("limit", limit, 1, 100), 0)
                        .vector(vector).withVectors(includeEmbeddings).build()))
                .map(page -> page.events().stream().map(EventModel::of).toList());
    }
}
