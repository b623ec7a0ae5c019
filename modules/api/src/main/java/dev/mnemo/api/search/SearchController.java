package dev.mnemo.api.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mnemo.api.events.EventModel;
import dev.mnemo.api.input.Inputs;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.events.EventSearch;
import dev.mnemo.core.events.EventService;
import dev.mnemo.core.security.Caller;
import dev.mnemo.model.events.EventPage;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * MnemoLite's /v1/search routes, unchanged for clients, plus Mnemo's {@code domain} (TEXT | CODE | HYBRID: which
 * vectors), {@code mode} (vector | lexical | hybrid: how results rank; vector when absent, as MnemoLite) and {@code k}
 * (an alias of limit).
 */
@RestController
@RequestMapping("/v1/search")
public class SearchController {

    private final EventService events;

    public SearchController(EventService events) {
        this.events = events;
    }

    public record Meta(int limit, int offset, @JsonProperty("total_hits") long totalHits) {
    }

    public record DataResponse(List<EventModel> data, Meta meta) {
    }

    /** MnemoLite's SearchResponse. */
    public record SearchResponse(List<EventModel> events, long total) {
        static SearchResponse of(EventPage page) {
            return new SearchResponse(page.events().stream().map(e -> EventModel.of(e, page)).toList(), page.total());
        }
    }

    /** vector_query is a text to embed, or (first character '[') a JSON vector used as it is. */
    @GetMapping({"", "/"})
    public Mono<DataResponse> search(@AuthenticationPrincipal Caller caller, @RequestParam(name = "vector_query", required = false) String vectorQuery,
                                     @RequestParam(name = "filter_metadata", required = false) String filterMetadata,
                                     @RequestParam(defaultValue = "10") int limit,
                                     @RequestParam(required = false) Integer k,
                                     @RequestParam(defaultValue = "0") int offset,
                                     @RequestParam(name = "ts_start", required = false) String tsStart,
                                     @RequestParam(name = "ts_end", required = false) String tsEnd,
                                     @RequestParam(name = "distance_threshold", defaultValue = "1.0") double distanceThreshold,
                                     @RequestParam(required = false) String domain,
                                     @RequestParam(required = false) String mode,
                                     @RequestParam(defaultValue = "false") boolean explain,
                                     @RequestParam(name = "include_embeddings", defaultValue = "true") boolean includeEmbeddings) {
        return Mono.defer(() -> {
            int checkedLimit = Inputs.range("limit", limit, 1, 100);
            int size = k != null ? Inputs.range("k", k, 1, 100) : checkedLimit;
            int from = Inputs.range("offset", offset, 0, Integer.MAX_VALUE);
            String query = vectorQuery == null || vectorQuery.isBlank() ? null : vectorQuery.strip();
            boolean isVector = query != null && query.startsWith("[");
            EventSearch search = EventSearch.page(size, from)
                    .text(isVector ? null : query)
                    .vector(isVector ? Inputs.vector("vector_query", query) : null)
                    .domain(Inputs.domain("domain", domain))
                    .metadata(Inputs.jsonObject("filter_metadata", filterMetadata))
                    .between(Inputs.timestamp("ts_start", tsStart), Inputs.timestamp("ts_end", tsEnd))
                    .maxDistance(Inputs.range("distance_threshold", distanceThreshold, 0.0, 2.0))
                    .withVectors(includeEmbeddings)
                    .mode(Inputs.mode("mode", mode))
                    .explain(explain)
                    .build();
            return events.search(caller.tenant(), search).map(page -> new DataResponse(
                    page.events().stream().map(e -> EventModel.of(e, page)).toList(), new Meta(size, from, page.total())));
        });
    }

    public record SearchRequest(String query, float[] vector, JsonNode metadata, Integer limit, Integer k,
                                Integer offset, @JsonProperty("ts_start") String tsStart,
                                @JsonProperty("ts_end") String tsEnd,
                                @JsonProperty("distance_threshold") Double distanceThreshold, String domain,
                                @JsonProperty("include_embeddings") Boolean includeEmbeddings, String mode,
                                Boolean explain) {
        boolean withVectors() {
            return includeEmbeddings == null || includeEmbeddings;
        }
    }

    @PostMapping({"", "/"})
    public Mono<SearchResponse> searchPost(@AuthenticationPrincipal Caller caller, @RequestBody SearchRequest body) {
        return Mono.defer(() -> {
            if (body.metadata() != null && !body.metadata().isNull() && !body.metadata().isObject()) {
                throw ServiceException.invalid("metadata", "json object", "metadata must be a JSON object");
            }
            int checkedLimit = Inputs.range("limit", body.limit() != null ? body.limit() : 10, 1, 1000);
            int size = body.k() != null ? Inputs.range("k", body.k(), 1, 1000) : checkedLimit;
            int from = Inputs.range("offset", body.offset() == null ? 0 : body.offset(), 0, Integer.MAX_VALUE);
            Double threshold = body.distanceThreshold() == null ? null
                    : Inputs.range("distance_threshold", body.distanceThreshold(), 0.0, 2.0);
            return events.search(caller.tenant(), EventSearch.page(size, from)
                    .text(body.query())
                    .vector(body.vector())
                    .domain(Inputs.domain("domain", body.domain()))
                    .metadata(body.metadata() == null || body.metadata().isNull() ? null : body.metadata())
                    .between(Inputs.timestamp("ts_start", body.tsStart()), Inputs.timestamp("ts_end", body.tsEnd()))
                    .maxDistance(threshold)
                    .withVectors(body.withVectors())
                    .mode(Inputs.mode("mode", body.mode()))
                    .explain(Boolean.TRUE.equals(body.explain()))
                    .build());
        }).map(SearchResponse::of);
    }

    public record QueryRequest(String query, Integer limit, String domain,
                               @JsonProperty("include_embeddings") Boolean includeEmbeddings) {
        boolean withVectors() {
            return includeEmbeddings == null || includeEmbeddings;
        }

        int size() {
            return Inputs.range("limit", limit == null ? 10 : limit, 1, 1000);
        }

        String required() {
            if (query == null || query.isBlank()) {
                throw ServiceException.invalid("query", "required", "query must be a non-blank string");
            }
            return query;
        }
    }

    /** Events whose content contains the query text (case-insensitive), newest first. */
    @PostMapping("/content")
    public Mono<SearchResponse> content(@AuthenticationPrincipal Caller caller, @RequestBody QueryRequest body) {
        return Mono.defer(() -> {
            Inputs.domain("domain", body.domain()); // not used by a substring search, but a bad value is still refused
            return events.search(caller.tenant(), EventSearch.page(body.size(), 0).contentContains(body.required())
                    .withVectors(body.withVectors()).build());
        }).map(SearchResponse::of);
    }

    /** Semantic search: the query is embedded and the nearest events come first. */
    @PostMapping("/similarity")
    public Mono<SearchResponse> similarity(@AuthenticationPrincipal Caller caller, @RequestBody QueryRequest body) {
        return Mono.defer(() -> events.search(caller.tenant(), EventSearch.page(body.size(), 0).text(body.required())
                .domain(Inputs.domain("domain", body.domain())).withVectors(body.withVectors()).build()))
                .map(SearchResponse::of);
    }

    @GetMapping("/metadata")
    public Mono<SearchResponse> metadata(@AuthenticationPrincipal Caller caller, @RequestParam(name = "metadata_filter") String metadataFilter,
                                         @RequestParam(defaultValue = "10") int limit,
                                         @RequestParam(name = "include_embeddings", defaultValue = "true") boolean includeEmbeddings) {
        return Mono.defer(() -> events.search(caller.tenant(), EventSearch.page(Inputs.range("limit", limit, 1, 1000), 0)
                .metadata(Inputs.jsonObject("metadata_filter", metadataFilter)).withVectors(includeEmbeddings).build()))
                .map(SearchResponse::of);
    }
}
