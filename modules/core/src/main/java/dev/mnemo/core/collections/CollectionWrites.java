package dev.mnemo.core.collections;

import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.quota.Quotas;
import dev.mnemo.core.jobs.CollectionIndexer;
import dev.mnemo.core.search.FilterParser;
import dev.mnemo.core.search.lexical.TextAnalysis;
import dev.mnemo.model.search.Terms;
import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.collections.CollectionRecord;
import dev.mnemo.model.collections.RecordPatch;
import dev.mnemo.model.filter.Filter;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.collections.CollectionRepository;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes to a collection's records: add, upsert, update, delete, and the NDJSON stream. Records without a vector are
 * embedded first; every write tells the {@link CollectionIndexer}, which moves the records into the HNSW graph.
 * Writes are not retried (an add that reached the database before its connection broke would then conflict with
 * itself); their failures are reported as such.
 */
public final class CollectionWrites {

    private final CollectionCatalog catalog;
    private final CollectionRepository repository;
    private final CollectionEmbedder embedder;
    private final CollectionIndexer indexer;
    private final FilterParser filters;
    private final JsonMapper json;
    private final Quotas quotas;
    private final TextAnalysis analysis;

    CollectionWrites(CollectionCatalog catalog, CollectionRepository repository, CollectionEmbedder embedder,
                     CollectionIndexer indexer, FilterParser filters, JsonMapper json, Quotas quotas,
                     TextAnalysis analysis) {
        this.quotas = quotas;
        this.analysis = analysis;
        this.catalog = catalog;
        this.repository = repository;
        this.embedder = embedder;
        this.indexer = indexer;
        this.filters = filters;
        this.json = json;
    }

    /**
     * What a write did: how many records it wrote, and the ids whose document the model embedded only in part (its
     * first {@code maxTokens} tokens), in input order.
     */
    public record Written(long count, List<String> truncated) {
    }

    /** Adds new records; any existing id fails the whole call (CONFLICT). Ids must be unique within the call. */
    public Mono<Written> add(Tenant tenant, String name, List<CollectionRecord> records) {
        return write(tenant, name, records, false);
    }

    /** Inserts or replaces records: running it twice leaves the same state. A repeated id keeps its last version. */
    public Mono<Written> upsert(Tenant tenant, String name, List<CollectionRecord> records) {
        return write(tenant, name, records, true);
    }

    private Mono<Written> write(Tenant tenant, String name, List<CollectionRecord> records, boolean upsert) {
        catalog.limits().requireBatch(records.size(), "ids");
        return catalog.get(tenant, name).flatMap(c -> {
            List<CollectionRecord> checked = check(c, records, upsert);
            return guarded(c, checked, embedder.embedMissing(c, checked).flatMap(ready -> store(c, ready.records(), upsert)
                    .map(n -> new Written(n, ready.truncated()))));
        });
    }

    /**
     * {@code write} if the tenant's quota has room, asked before embedding. An upsert counts every record as new (a
     * replaced one frees its room at the next count); a failed write gives its room back.
     */
    private <T> Mono<T> guarded(CollectionInfo c, List<CollectionRecord> records, Mono<T> write) {
        return quotas.guard(c.tenant(), records.size(), 0, () -> records.stream().mapToLong(r -> 64L + r.id().length()
                + (r.document() == null ? 0 : r.document().length())
                + (r.metadata() == null ? 0 : r.metadata().toString().length()) + 4L * c.dimension()).sum(), write);
    }

    private Mono<Long> store(CollectionInfo c, List<CollectionRecord> records, boolean upsert) {
        return repository.write(c, records, records.stream().map(r -> terms(r.document())).toList(), upsert)
                .onErrorMap(e -> CollectionErrors.ofRecords(e, c.name()))
                .doOnSuccess(n -> indexer.written(c));
    }

    /** A document's terms for the lexical index; a record without a document is indexed empty (nothing to find). */
    Terms terms(String document) {
        return document == null ? Terms.NONE : analysis.terms(document);
    }

    private List<CollectionRecord> check(CollectionInfo c, List<CollectionRecord> records, boolean upsert) {
        Map<String, CollectionRecord> byId = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            CollectionRecord r = records.get(i);
            RecordRules.embedding(r.embedding(), c, "embeddings[" + i + "]");
            if (r.embedding() == null && (r.document() == null || r.document().isBlank())) {
                throw ServiceException.invalid("documents[" + i + "]", "required",
                        "A record without an embedding needs a non-blank document to embed");
            }
            if (byId.remove(r.id()) != null && !upsert) {
                throw ServiceException.invalid("ids[" + i + "]", "unique", "Id " + r.id() + " appears twice in this call");
            }
            byId.put(r.id(), r);
        }
        return new ArrayList<>(byId.values());
    }

    /** Partial updates; every id must exist (NOT_FOUND otherwise, nothing changed). */
    public Mono<Written> update(Tenant tenant, String name, List<RecordPatch> patches) {
        catalog.limits().requireBatch(patches.size(), "ids");
        return catalog.get(tenant, name).flatMap(c -> {
            List<String> ids = new ArrayList<>();
            List<CollectionRecord> toEmbed = new ArrayList<>();
            for (int i = 0; i < patches.size(); i++) {
                RecordPatch p = patches.get(i);
                RecordRules.embedding(p.embedding(), c, "embeddings[" + i + "]");
                if (ids.contains(p.id())) {
                    throw ServiceException.invalid("ids[" + i + "]", "unique", "Id " + p.id() + " appears twice in this call");
                }
                ids.add(p.id());
                if (p.document() != null && p.embedding() == null) {
                    if (p.document().isBlank()) {
                        throw ServiceException.invalid("documents[" + i + "]", "required", "A new document is not blank");
                    }
                    toEmbed.add(new CollectionRecord(p.id(), p.document(), json.createObjectNode(), null, null));
                }
            }
            return repository.existingIds(c, ids).collectList()
                    .onErrorMap(e -> CollectionErrors.map(e, c.name()))
                    .flatMap(existing -> {
                        List<String> missing = ids.stream().filter(id -> !existing.contains(id)).toList();
                        if (!missing.isEmpty()) {
                            return Mono.error(ServiceException.notFound("Records",
                                    missing.size() > 10 ? missing.subList(0, 10) + "..." : missing));
                        }
                        return embedder.embedMissing(c, toEmbed).flatMap(embedded -> {
                            Map<String, float[]> vectors = new LinkedHashMap<>();
                            embedded.records().forEach(r -> vectors.put(r.id(), r.embedding()));
                            List<RecordPatch> ready = patches.stream().map(p -> vectors.containsKey(p.id())
                                    ? new RecordPatch(p.id(), p.document(), p.metadata(), vectors.get(p.id())) : p).toList();
                            return repository.update(c, ready, this::terms)
                                    .onErrorMap(e -> CollectionErrors.map(e, c.name()))
                                    .map(n -> new Written(n, embedded.truncated()))
                                    .doOnSuccess(n -> indexer.written(c));
                        });
                    });
        });
    }

    /** Deletes by ids and/or filters; refuses a call without any (that would empty the collection). */
    public Mono<Long> deleteRecords(Tenant tenant, String name, List<String> ids, JsonNode where, JsonNode whereDocument) {
        Filter filter = filters.collectionFilter(where, whereDocument);
        if (ids == null && filter == null) {
            throw ServiceException.invalid("ids", "required", "Give ids, where or where_document; to empty a collection delete it");
        }
        if (ids != null) {
            catalog.limits().requireBatch(ids.size(), "ids");
            RecordRules.ids(ids);
        }
        return catalog.get(tenant, name).flatMap(c -> repository.delete(c, ids, filter)
                .onErrorMap(e -> CollectionErrors.map(e, c.name())));
    }

    /**
     * NDJSON upsert: one record per line ({@code {"id", "document", "metadata", "embedding"}}), any number of lines,
     * written {@code streamChunk} lines per statement. Demand flows from the response: the next chunk is read only
     * when the previous one is written. One result per non-blank line, in order; a bad line fails alone.
     */
    public Flux<LineResult> upsertLines(Tenant tenant, String name, Flux<String> lines) {
        return catalog.get(tenant, name).flatMapMany(c -> lines.index()
                .filter(t -> !t.getT2().isBlank())
                .buffer(catalog.limits().streamChunk())
                .concatMap(chunk -> upsertChunk(c, chunk), 1));
    }

    private Flux<LineResult> upsertChunk(CollectionInfo c, List<Tuple2<Long, String>> chunk) {
        LineResult[] results = new LineResult[chunk.size()];
        Map<String, Integer> slotById = new LinkedHashMap<>();
        List<CollectionRecord> records = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            long line = chunk.get(i).getT1() + 1;
            String id = null;
            try {
                JsonNode node = json.readTree(chunk.get(i).getT2());
                if (!node.isObject()) {
                    throw ServiceException.invalid("", "type", "Each line is a JSON object");
                }
                id = node.path("id").isString() ? node.get("id").stringValue() : null;
                CollectionRecord r = lineRecord(c, node);
                results[i] = LineResult.ok(line, r.id());
                Integer previous = slotById.put(r.id(), records.size());
                records.add(r);
                if (previous != null) {
                    records.set(previous, null);
                }
            } catch (ServiceException e) {
                results[i] = LineResult.error(line, id, e.field(), e.rule(), e.getMessage());
            } catch (RuntimeException e) {
                results[i] = LineResult.error(line, id, "", "json", "Not valid JSON: " + firstLine(e.getMessage()));
            }
        }
        List<CollectionRecord> valid = records.stream().filter(Objects::nonNull).toList();
        return writeEach(c, valid)
                .map(outcome -> {
                    List<LineResult> out = new ArrayList<>(results.length);
                    for (LineResult r : results) {
                        ServiceException e = r.error() == null ? outcome.failures().get(r.id()) : null;
                        out.add(e != null ? failed(r, e) : r.error() == null && outcome.truncated().contains(r.id())
                                ? r.withTruncated() : r);
                    }
                    return out;
                })
                .flatMapIterable(list -> list);
    }

    /** The failures of a stream chunk by record id, and the ids embedded only in part. */
    private record ChunkOutcome(Map<String, ServiceException> failures, Set<String> truncated) {
        static final ChunkOutcome NONE = new ChunkOutcome(Map.of(), Set.of());

        ChunkOutcome plus(ChunkOutcome other) {
            Map<String, ServiceException> f = new LinkedHashMap<>(failures);
            f.putAll(other.failures);
            Set<String> t = new HashSet<>(truncated);
            t.addAll(other.truncated);
            return new ChunkOutcome(f, t);
        }
    }

    /**
     * Upserts records checked one by one in one statement; when the database still refuses it for a value
     * (INVALID), each record is written alone so one bad line fails alone. An outage fails every record.
     */
    private Mono<ChunkOutcome> writeEach(CollectionInfo c, List<CollectionRecord> records) {
        if (records.isEmpty()) {
            return Mono.just(ChunkOutcome.NONE);
        }
        return guarded(c, records, embedder.embedMissing(c, records)
                .flatMap(ready -> store(c, ready.records(), true)
                        .thenReturn(new ChunkOutcome(Map.of(), Set.copyOf(ready.truncated())))))
                .onErrorResume(ServiceException.class, e -> e.kind() == ServiceException.Kind.INVALID && records.size() > 1
                        ? Flux.fromIterable(records).concatMap(r -> writeEach(c, List.of(r))).reduce(ChunkOutcome.NONE, ChunkOutcome::plus)
                        : Mono.just(new ChunkOutcome(records.stream().collect(Collectors.toMap(
                                CollectionRecord::id, r -> e, (a, b) -> a, LinkedHashMap::new)), Set.of())));
    }

    private CollectionRecord lineRecord(CollectionInfo c, JsonNode node) {
        JsonNode idNode = node.get("id");
        if (idNode == null || !idNode.isString()) {
            throw ServiceException.invalid("id", "required", "Each line has a string id");
        }
        String id = RecordRules.id(idNode.stringValue(), "id");
        JsonNode doc = node.get("document");
        if (doc != null && !doc.isNull() && !doc.isString()) {
            throw ServiceException.invalid("document", "type", "document is a string");
        }
        String document = RecordRules.document(doc == null || doc.isNull() ? null : doc.stringValue(),
                catalog.limits().maxTextChars(), "document");
        ObjectNode metadata = RecordRules.metadata(node.get("metadata"), "metadata", false);
        float[] embedding = null;
        JsonNode e = node.get("embedding");
        if (e != null && !e.isNull()) {
            if (!e.isArray()) {
                throw ServiceException.invalid("embedding", "type", "embedding is a list of numbers");
            }
            embedding = new float[e.size()];
            int i = 0;
            for (JsonNode x : e.values()) {
                if (!x.isNumber()) {
                    throw ServiceException.invalid("embedding[" + i + "]", "type", "embedding is a list of numbers");
                }
                embedding[i++] = (float) x.doubleValue(); // a float accessor throws on 1e39: let the rules name it
            }
            RecordRules.embedding(embedding, c, "embedding");
        } else if (document == null || document.isBlank()) {
            throw ServiceException.invalid("document", "required", "A record without an embedding needs a non-blank document");
        }
        return new CollectionRecord(id, document, metadata == null ? json.createObjectNode() : metadata, embedding, null);
    }

    private static LineResult failed(LineResult r, ServiceException e) {
        return LineResult.error(r.line(), r.id(), e.field(), e.rule() == null
                ? e.kind().name().toLowerCase(Locale.ROOT) : e.rule(), e.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl > 0 ? message.substring(0, nl) : message;
    }
}
