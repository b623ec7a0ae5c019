package dev.mnemo.api.collections;

import dev.mnemo.core.collections.CollectionCatalog;
import dev.mnemo.core.collections.CollectionSearch;
import dev.mnemo.core.collections.CollectionSpec;
import dev.mnemo.core.collections.CollectionWrites;
import dev.mnemo.core.collections.LineResult;
import dev.mnemo.core.collections.RecordQuery;
import dev.mnemo.core.collections.RecordRules;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.search.SearchMode;
import dev.mnemo.api.input.Inputs;
import dev.mnemo.core.security.Caller;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.UnknownDomainException;
import dev.mnemo.model.collections.CollectionRecord;
import dev.mnemo.model.collections.HnswParams;
import dev.mnemo.model.collections.Include;
import dev.mnemo.model.collections.RecordPatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chroma-style collections over HTTP (docs/collections.md). Thin: convert the request, let the service check and
 * do the work, shape the answer. Errors are {@link ServiceException}s; ProblemHandler picks the status.
 */
@RestController
@RequestMapping("/v1/collections")
public class CollectionsController {

    static final String NDJSON = "application/x-ndjson";

    private final CollectionCatalog catalog;
    private final CollectionWrites writes;
    private final CollectionSearch search;

    public CollectionsController(CollectionCatalog catalog, CollectionWrites writes, CollectionSearch search) {
        this.catalog = catalog;
        this.writes = writes;
        this.search = search;
    }

    @PostMapping
    Mono<ResponseEntity<Map<String, Object>>> create(@AuthenticationPrincipal Caller caller, @RequestBody CollectionRequests.Create body) {
        CollectionRequests.Hnsw h = body.hnsw();
        HnswParams hnsw = new HnswParams(h == null || h.m() == null ? HnswParams.DEFAULTS.m() : h.m(),
                h == null || h.efConstruction() == null ? HnswParams.DEFAULTS.efConstruction() : h.efConstruction());
        JsonNode metadata = body.metadata();
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw ServiceException.invalid("metadata", "type", "metadata is a JSON object");
        }
        CollectionSpec spec = new CollectionSpec(body.name(),
                metadata == null || metadata.isNull() ? JsonNodeFactory.instance.objectNode() : (ObjectNode) metadata,
                domain(body.embeddingDomain()), CollectionSpec.distance(body.distance(), "distance"), hnsw);
        boolean getOrCreate = Boolean.TRUE.equals(body.getOrCreate());
        return catalog.create(caller.tenant(), spec, getOrCreate)
                .map(c -> ResponseEntity.status(getOrCreate ? HttpStatus.OK : HttpStatus.CREATED).body(CollectionViews.collection(c)));
    }

    @GetMapping
    Mono<List<Map<String, Object>>> list(@AuthenticationPrincipal Caller caller, @RequestParam(defaultValue = "100") int limit,
                                         @RequestParam(defaultValue = "0") int offset) {
        return catalog.list(caller.tenant(), limit, offset).map(CollectionViews::collection).collectList();
    }

    @GetMapping("/{name}")
    Mono<Map<String, Object>> get(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        return catalog.get(caller.tenant(), name).flatMap(c -> catalog.pendingIndex(caller.tenant(), name).map(pending -> {
            Map<String, Object> view = CollectionViews.collection(c);
            view.put("index", Map.of("pending", pending));
            return view;
        }));
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        return catalog.delete(caller.tenant(), name);
    }

    @PostMapping(path = "/{name}/add", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Map<String, Object>> add(@AuthenticationPrincipal Caller caller, @PathVariable String name, @RequestBody CollectionRequests.Records body) {
        return writes.add(caller.tenant(), name, records(body)).map(w -> written("added", w));
    }

    @PostMapping(path = "/{name}/upsert", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<Map<String, Object>> upsert(@AuthenticationPrincipal Caller caller, @PathVariable String name, @RequestBody CollectionRequests.Records body) {
        return writes.upsert(caller.tenant(), name, records(body)).map(w -> written("upserted", w));
    }

    /** NDJSON in, NDJSON out: one {line, id, status, error?} per non-blank input line, streamed as chunks finish. */
    @PostMapping(path = "/{name}/upsert", consumes = NDJSON, produces = NDJSON)
    Flux<LineResult> upsertStream(@AuthenticationPrincipal Caller caller, @PathVariable String name, @RequestBody Flux<String> lines) {
        return writes.upsertLines(caller.tenant(), name, lines);
    }

    @PostMapping("/{name}/update")
    Mono<Map<String, Object>> update(@AuthenticationPrincipal Caller caller, @PathVariable String name, @RequestBody CollectionRequests.Records body) {
        List<CollectionRecord> rs = records(body, true);
        List<RecordPatch> patches = new ArrayList<>();
        for (int i = 0; i < rs.size(); i++) {
            CollectionRecord r = rs.get(i);
            JsonNode m = body.metadatas() == null ? null : body.metadatas().get(i);
            patches.add(new RecordPatch(r.id(), r.document(),
                    m == null || m.isNull() ? null : RecordRules.metadata(m, "metadatas[" + i + "]", true), r.embedding()));
        }
        return writes.update(caller.tenant(), name, patches).map(w -> written("updated", w));
    }

    @PostMapping("/{name}/get")
    Mono<Map<String, Object>> getRecords(@AuthenticationPrincipal Caller caller, @PathVariable String name, @RequestBody CollectionRequests.Get body) {
        Set<Include> include = RecordRules.include(body.include(), Include.GET_DEFAULT, "include");
        include.remove(Include.DISTANCES);
        return search.getRecords(caller.tenant(), name, body.ids(), body.where(), body.whereDocument(), body.limit(), body.offset(), include)
                .map(rs -> CollectionViews.records(rs, include));
    }

    /** The whole collection as NDJSON, in id order, read in keyset pages (constant memory at any size). */
    @GetMapping(path = "/{name}/records", produces = NDJSON)
    Flux<Map<String, Object>> stream(@AuthenticationPrincipal Caller caller, @PathVariable String name, @RequestParam(required = false) List<String> include) {
        Set<Include> fields = RecordRules.include(include, Include.GET_DEFAULT, "include");
        return search.stream(caller.tenant(), name, fields).map(r -> CollectionViews.line(r, fields));
    }

    @PostMapping("/{name}/delete")
    Mono<Map<String, Object>> deleteRecords(@AuthenticationPrincipal Caller caller, @PathVariable String name, @RequestBody CollectionRequests.Delete body) {
        return writes.deleteRecords(caller.tenant(), name, body.ids(), body.where(), body.whereDocument()).map(n -> Map.of("deleted", n));
    }

    @GetMapping("/{name}/count")
    Mono<Long> count(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        return catalog.count(caller.tenant(), name);
    }

    @GetMapping("/{name}/peek")
    Mono<Map<String, Object>> peek(@AuthenticationPrincipal Caller caller, @PathVariable String name, @RequestParam(defaultValue = "10") int limit) {
        Set<Include> include = RecordRules.include(null, Include.GET_DEFAULT, "include");
        return search.getRecords(caller.tenant(), name, null, null, null, limit, 0, include).map(rs -> CollectionViews.records(rs, include));
    }

    @PostMapping("/{name}/query")
    Mono<Map<String, Object>> query(@AuthenticationPrincipal Caller caller, @PathVariable String name, @RequestBody CollectionRequests.Query body) {
        Set<Include> include = RecordRules.include(body.include(), Include.QUERY_DEFAULT, "include");
        SearchMode mode = Inputs.mode("mode", body.mode());
        boolean explain = Boolean.TRUE.equals(body.explain());
        return search.query(caller.tenant(), name, new RecordQuery(body.queryTexts(), body.queryEmbeddings(), body.where(),
                        body.whereDocument(), body.nResults(), include, mode, explain))
                .map(rs -> CollectionViews.query(rs, include, mode, explain));
    }

    /** {@code {"added": n}}, and {@code "embedding_truncated": [ids]} when a document was embedded only in part. */
    private static Map<String, Object> written(String verb, CollectionWrites.Written w) {
        return w.truncated().isEmpty() ? Map.of(verb, w.count())
                : Map.of(verb, w.count(), "embedding_truncated", w.truncated());
    }

    private List<CollectionRecord> records(CollectionRequests.Records body) {
        return records(body, false);
    }

    /** Columnar lists to records; every list present must be as long as ids. */
    private List<CollectionRecord> records(CollectionRequests.Records body, boolean patch) {
        List<String> ids = body.ids();
        if (ids == null || ids.isEmpty()) {
            throw ServiceException.invalid("ids", "required", "ids is a non-empty list");
        }
        if (ids.size() > catalog.limits().maxBatch()) {
            throw ServiceException.tooLarge("ids", catalog.limits().maxBatch(), ids.size());
        }
        sameLength("documents", body.documents(), ids.size());
        sameLength("metadatas", body.metadatas(), ids.size());
        sameLength("embeddings", body.embeddings(), ids.size());
        List<CollectionRecord> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            String id = RecordRules.id(ids.get(i), "ids[" + i + "]");
            String doc = RecordRules.document(body.documents() == null ? null : body.documents().get(i),
                    catalog.limits().maxTextChars(), "documents[" + i + "]");
            ObjectNode metadata = patch || body.metadatas() == null ? null
                    : RecordRules.metadata(body.metadatas().get(i), "metadatas[" + i + "]", false);
            float[] embedding = body.embeddings() == null ? null : body.embeddings().get(i);
            out.add(new CollectionRecord(id, doc, metadata == null ? JsonNodeFactory.instance.objectNode() : metadata,
                    embedding, null));
        }
        return out;
    }

    private static void sameLength(String field, List<?> list, int size) {
        if (list != null && list.size() != size) {
            throw ServiceException.invalid(field, "length", field + " has " + list.size() + " items; ids has " + size);
        }
    }

    private static EmbeddingDomain domain(String value) {
        if (value == null) {
            return EmbeddingDomain.TEXT;
        }
        try {
            return EmbeddingDomain.parse(value);
        } catch (UnknownDomainException e) {
            throw ServiceException.invalid("embedding_domain", "enum", "embedding_domain is TEXT or CODE");
        }
    }

}
