package dev.mnemo.collections;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mnemo.collections.filter.Filter;
import dev.mnemo.collections.filter.FilterParser;
import dev.mnemo.embeddings.DomainVectors;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.InputKind;
import dev.mnemo.embeddings.InvalidInputException;
import dev.mnemo.memory.MemoryException;
import dev.mnemo.memory.Storable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Collections: validation, limits, embedding of records and queries that bring no vector, and delegation to
 * {@link CollectionRepository}. Nothing here blocks: SQL runs on R2DBC, models answer with CompletableFutures.
 */
public final class CollectionService {

    private final CollectionRepository repository;
    private final CollectionIndexer indexer;
    private final ScanChoice scans;
    /**
     * Catalog rows by name, kept {@link #CATALOG_TTL}: every record call needs its collection, and looking it up was
     * a database round trip per request. Create and delete here invalidate at once; another instance's delete is
     * seen at once too (the records table is gone: 404), its delete + re-create of the same name after the TTL.
     */
    private final Cache<String, CollectionInfo> catalog = Caffeine.newBuilder()
            .expireAfterWrite(CATALOG_TTL).maximumSize(10_000).build();
    static final Duration CATALOG_TTL = Duration.ofSeconds(2);
    private final Supplier<DualEmbeddingService> embeddings;
    private final FilterParser filters;
    private final CollectionLimits limits;
    private final Map<EmbeddingDomain, Integer> dimensions;
    private final JsonMapper json;

    /**
     * @param embeddings supplies the models, or null when none is configured (then every record and query must
     *                   bring its own vector)
     * @param dimensions the vector dimension of a new collection, per model domain (TEXT, CODE)
     * @param indexer    told of every write, moves the written records into the HNSW graph in the background
     */
    public CollectionService(CollectionRepository repository, CollectionIndexer indexer, Supplier<DualEmbeddingService> embeddings,
                             FilterParser filters, CollectionLimits limits, Map<EmbeddingDomain, Integer> dimensions,
                             JsonMapper json) {
        this.repository = repository;
        this.indexer = indexer;
        this.scans = new ScanChoice(repository);
        this.embeddings = embeddings;
        this.filters = filters;
        this.limits = limits;
        this.dimensions = Map.copyOf(dimensions);
        this.json = json;
    }

    public CollectionLimits limits() {
        return limits;
    }

    // ---- collections ------------------------------------------------------------------------------------------

    public Mono<CollectionInfo> create(CollectionSpec spec, boolean getOrCreate) {
        Mono<CollectionInfo> create = repository.create(spec, dimensions.get(spec.domain()))
                .doFinally(signal -> catalog.invalidate(spec.name()));
        if (!getOrCreate) {
            return create;
        }
        return repository.find(spec.name()).switchIfEmpty(create.onErrorResume(
                e -> e instanceof MemoryException m && m.kind() == MemoryException.Kind.CONFLICT,
                e -> repository.find(spec.name())));
    }

    public Flux<CollectionInfo> list(int limit, int offset) {
        if (offset < 0) {
            throw MemoryException.invalid("offset", "min 0", "offset is 0 or more");
        }
        return repository.list(bounded(limit, "limit"), offset);
    }

    /** The collection, or NOT_FOUND. */
    public Mono<CollectionInfo> get(String name) {
        String checked = CollectionSpec.requireName(name);
        CollectionInfo known = catalog.getIfPresent(checked);
        if (known != null) {
            return Mono.just(known);
        }
        return repository.find(checked)
                .doOnNext(c -> catalog.put(checked, c))
                .switchIfEmpty(Mono.error(() -> MemoryException.notFound("Collection", name)));
    }

    public Mono<Void> delete(String name) {
        return repository.drop(CollectionSpec.requireName(name))
                .doFinally(signal -> catalog.invalidate(name))
                .flatMap(dropped -> dropped ? Mono.<Void>empty() : Mono.error(MemoryException.notFound("Collection", name)));
    }

    // ---- writes -----------------------------------------------------------------------------------------------

    /**
     * What a write did: how many records it wrote, and the ids whose document the model embedded only in part (its
     * first {@code maxTokens} tokens), in input order.
     */
    public record Written(long count, List<String> truncated) {
    }

    /** Records ready to write, with the ids of those whose document was embedded only in part. */
    private record Ready(List<CollectionRecord> records, List<String> truncated) {
    }

    /** Adds new records; any existing id fails the whole call (CONFLICT). Ids must be unique within the call. */
    public Mono<Written> add(String name, List<CollectionRecord> records) {
        return write(name, records, false);
    }

    /** Inserts or replaces records: running it twice leaves the same state. A repeated id keeps its last version. */
    public Mono<Written> upsert(String name, List<CollectionRecord> records) {
        return write(name, records, true);
    }

    private Mono<Written> write(String name, List<CollectionRecord> records, boolean upsert) {
        requireBatch(records.size(), "ids");
        return get(name).flatMap(c -> {
            List<CollectionRecord> checked = check(c, records, upsert);
            return embedMissing(c, checked).flatMap(ready -> repository.write(c, ready.records(), upsert)
                            .map(n -> new Written(n, ready.truncated())))
                    .doOnSuccess(n -> indexer.written(c));
        });
    }

    private List<CollectionRecord> check(CollectionInfo c, List<CollectionRecord> records, boolean upsert) {
        Map<String, CollectionRecord> byId = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            CollectionRecord r = records.get(i);
            RecordRules.embedding(r.embedding(), c, "embeddings[" + i + "]");
            if (r.embedding() == null && (r.document() == null || r.document().isBlank())) {
                throw MemoryException.invalid("documents[" + i + "]", "required",
                        "A record without an embedding needs a non-blank document to embed");
            }
            if (byId.remove(r.id()) != null && !upsert) {
                throw MemoryException.invalid("ids[" + i + "]", "unique", "Id " + r.id() + " appears twice in this call");
            }
            byId.put(r.id(), r);
        }
        return new ArrayList<>(byId.values());
    }

    /** Partial updates; every id must exist (NOT_FOUND otherwise, nothing changed). */
    public Mono<Written> update(String name, List<RecordPatch> patches) {
        requireBatch(patches.size(), "ids");
        return get(name).flatMap(c -> {
            List<String> ids = new ArrayList<>();
            List<CollectionRecord> toEmbed = new ArrayList<>();
            for (int i = 0; i < patches.size(); i++) {
                RecordPatch p = patches.get(i);
                RecordRules.embedding(p.embedding(), c, "embeddings[" + i + "]");
                if (ids.contains(p.id())) {
                    throw MemoryException.invalid("ids[" + i + "]", "unique", "Id " + p.id() + " appears twice in this call");
                }
                ids.add(p.id());
                if (p.document() != null && p.embedding() == null) {
                    if (p.document().isBlank()) {
                        throw MemoryException.invalid("documents[" + i + "]", "required", "A new document is not blank");
                    }
                    toEmbed.add(new CollectionRecord(p.id(), p.document(), json.createObjectNode(), null, null));
                }
            }
            return repository.existingIds(c, ids).collectList().flatMap(existing -> {
                List<String> missing = ids.stream().filter(id -> !existing.contains(id)).toList();
                if (!missing.isEmpty()) {
                    return Mono.error(MemoryException.notFound("Records", missing.size() > 10 ? missing.subList(0, 10) + "..." : missing));
                }
                return embedMissing(c, toEmbed).flatMap(embedded -> {
                    Map<String, float[]> vectors = new LinkedHashMap<>();
                    embedded.records().forEach(r -> vectors.put(r.id(), r.embedding()));
                    List<RecordPatch> ready = patches.stream().map(p -> vectors.containsKey(p.id())
                            ? new RecordPatch(p.id(), p.document(), p.metadata(), vectors.get(p.id())) : p).toList();
                    return repository.update(c, ready).map(n -> new Written(n, embedded.truncated()))
                            .doOnSuccess(n -> indexer.written(c));
                });
            });
        });
    }

    /** Deletes by ids and/or filters; refuses a call without any (that would empty the collection). */
    public Mono<Long> deleteRecords(String name, List<String> ids, JsonNode where, JsonNode whereDocument) {
        Filter filter = filter(where, whereDocument);
        if (ids == null && filter == null) {
            throw MemoryException.invalid("ids", "required", "Give ids, where or where_document; to empty a collection delete it");
        }
        if (ids != null) {
            requireBatch(ids.size(), "ids");
            checkIds(ids);
        }
        return get(name).flatMap(c -> repository.delete(c, ids, filter));
    }

    /**
     * NDJSON upsert: one record per line ({@code {"id", "document", "metadata", "embedding"}}), any number of lines,
     * written {@code streamChunk} lines per statement. Demand flows from the response: the next chunk is read only
     * when the previous one is written. One result per non-blank line, in order; a bad line fails alone.
     */
    public Flux<LineResult> upsertLines(String name, Flux<String> lines) {
        return get(name).flatMapMany(c -> lines.index()
                .filter(t -> !t.getT2().isBlank())
                .buffer(limits.streamChunk())
                .concatMap(chunk -> upsertChunk(c, chunk), 1));
    }

    private Flux<LineResult> upsertChunk(CollectionInfo c, List<reactor.util.function.Tuple2<Long, String>> chunk) {
        LineResult[] results = new LineResult[chunk.size()];
        Map<String, Integer> slotById = new LinkedHashMap<>();
        List<CollectionRecord> records = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            long line = chunk.get(i).getT1() + 1;
            String id = null;
            try {
                JsonNode node = json.readTree(chunk.get(i).getT2());
                if (!node.isObject()) {
                    throw MemoryException.invalid("", "type", "Each line is a JSON object");
                }
                id = node.path("id").isString() ? node.get("id").stringValue() : null;
                CollectionRecord r = lineRecord(c, node);
                results[i] = LineResult.ok(line, r.id());
                Integer previous = slotById.put(r.id(), records.size());
                records.add(r);
                if (previous != null) {
                    records.set(previous, null);
                }
            } catch (MemoryException e) {
                results[i] = LineResult.error(line, id, e.field(), e.rule(), e.getMessage());
            } catch (RuntimeException e) {
                results[i] = LineResult.error(line, id, "", "json", "Not valid JSON: " + firstLine(e.getMessage()));
            }
        }
        List<CollectionRecord> valid = records.stream().filter(java.util.Objects::nonNull).toList();
        return writeEach(c, valid)
                .map(outcome -> {
                    List<LineResult> out = new ArrayList<>(results.length);
                    for (LineResult r : results) {
                        MemoryException e = r.error() == null ? outcome.failures().get(r.id()) : null;
                        out.add(e != null ? failed(r, e) : r.error() == null && outcome.truncated().contains(r.id())
                                ? r.withTruncated() : r);
                    }
                    return out;
                })
                .flatMapIterable(list -> list);
    }

    /**
     * Upserts records checked one by one in one statement; when the database still refuses it for a value
     * (INVALID), each record is written alone so one bad line fails alone. The failures by record id (empty: all
     * written); an outage fails every record.
     */
    /** The failures of a stream chunk by record id, and the ids embedded only in part. */
    private record ChunkOutcome(Map<String, MemoryException> failures, Set<String> truncated) {
        static final ChunkOutcome NONE = new ChunkOutcome(Map.of(), Set.of());

        ChunkOutcome plus(ChunkOutcome other) {
            Map<String, MemoryException> f = new LinkedHashMap<>(failures);
            f.putAll(other.failures);
            Set<String> t = new java.util.HashSet<>(truncated);
            t.addAll(other.truncated);
            return new ChunkOutcome(f, t);
        }
    }

    private Mono<ChunkOutcome> writeEach(CollectionInfo c, List<CollectionRecord> records) {
        if (records.isEmpty()) {
            return Mono.just(ChunkOutcome.NONE);
        }
        return embedMissing(c, records)
                .flatMap(ready -> repository.write(c, ready.records(), true)
                        .thenReturn(new ChunkOutcome(Map.of(), Set.copyOf(ready.truncated()))))
                .doOnSuccess(n -> indexer.written(c))
                .onErrorResume(MemoryException.class, e -> e.kind() == MemoryException.Kind.INVALID && records.size() > 1
                        ? Flux.fromIterable(records).concatMap(r -> writeEach(c, List.of(r))).reduce(ChunkOutcome.NONE, ChunkOutcome::plus)
                        : Mono.just(new ChunkOutcome(records.stream().collect(java.util.stream.Collectors.toMap(
                                CollectionRecord::id, r -> e, (a, b) -> a, LinkedHashMap::new)), Set.of())));
    }

    private CollectionRecord lineRecord(CollectionInfo c, JsonNode node) {
        JsonNode idNode = node.get("id");
        if (idNode == null || !idNode.isString()) {
            throw MemoryException.invalid("id", "required", "Each line has a string id");
        }
        String id = RecordRules.id(idNode.stringValue(), "id");
        JsonNode doc = node.get("document");
        if (doc != null && !doc.isNull() && !doc.isString()) {
            throw MemoryException.invalid("document", "type", "document is a string");
        }
        String document = RecordRules.document(doc == null || doc.isNull() ? null : doc.stringValue(), limits.maxTextChars(), "document");
        ObjectNode metadata = RecordRules.metadata(node.get("metadata"), "metadata", false);
        float[] embedding = null;
        JsonNode e = node.get("embedding");
        if (e != null && !e.isNull()) {
            if (!e.isArray()) {
                throw MemoryException.invalid("embedding", "type", "embedding is a list of numbers");
            }
            embedding = new float[e.size()];
            int i = 0;
            for (JsonNode x : e.values()) {
                if (!x.isNumber()) {
                    throw MemoryException.invalid("embedding[" + i + "]", "type", "embedding is a list of numbers");
                }
                embedding[i++] = (float) x.doubleValue(); // a float accessor throws on 1e39: let the rules name it
            }
            RecordRules.embedding(embedding, c, "embedding");
        } else if (document == null || document.isBlank()) {
            throw MemoryException.invalid("document", "required", "A record without an embedding needs a non-blank document");
        }
        return new CollectionRecord(id, document, metadata == null ? json.createObjectNode() : metadata, embedding, null);
    }

    private static LineResult failed(LineResult r, MemoryException e) {
        return LineResult.error(r.line(), r.id(), e.field(), e.rule() == null
                ? e.kind().name().toLowerCase(java.util.Locale.ROOT) : e.rule(), e.getMessage());
    }

    // ---- reads ------------------------------------------------------------------------------------------------

    public Mono<Long> count(String name) {
        return get(name).flatMap(repository::count);
    }

    /** How many records wait for the background indexer (searched exactly until it takes them). */
    public Mono<Long> pendingIndex(String name) {
        return get(name).flatMap(repository::pendingIndex);
    }

    public Mono<List<CollectionRecord>> getRecords(String name, List<String> ids, JsonNode where, JsonNode whereDocument,
                                                   Integer limit, Integer offset, Set<Include> include) {
        Filter filter = filter(where, whereDocument);
        if (ids != null) {
            requireBatch(ids.size(), "ids");
            checkIds(ids);
        }
        int n = limit == null ? limits.maxResults() : bounded(limit, "limit");
        if (offset != null && offset < 0) {
            throw MemoryException.invalid("offset", "min 0", "offset is 0 or more");
        }
        return get(name).flatMap(c -> repository.get(c, ids, filter, n, offset == null ? 0 : offset, include).collectList());
    }

    /** Every record of the collection in id order, streamed page by page. */
    public Flux<CollectionRecord> stream(String name, Set<Include> include) {
        return get(name).flatMapMany(c -> repository.scan(c, limits.scanPage(), include));
    }

    /** One result list per query (texts are embedded with the collection's model, QUERY kind). */
    public Mono<List<List<CollectionRecord>>> query(String name, List<String> texts, List<float[]> vectors,
                                                    JsonNode where, JsonNode whereDocument, Integer nResults,
                                                    Set<Include> include) {
        if ((texts == null) == (vectors == null)) {
            throw MemoryException.invalid("query_embeddings", "one_of",
                    "Give exactly one of query_texts and query_embeddings");
        }
        String field = texts != null ? "query_texts" : "query_embeddings";
        int count = texts != null ? texts.size() : vectors.size();
        if (count == 0) {
            throw MemoryException.invalid(field, "min 1", field + " holds at least one query");
        }
        requireBatch(count, field);
        int k = nResults == null ? 10 : bounded(nResults, "n_results");
        Filter filter = filter(where, whereDocument);
        return get(name).flatMap(c -> queryVectors(c, texts, vectors)
                .zipWith(scans.exact(c, filter))
                .flatMap(plan -> Flux.fromIterable(plan.getT1())
                        // With a document filter each vector's query takes a permit of the costly-read gate: one at a
                        // time, so a request never competes with itself for the gate.
                        .flatMapSequential(v -> repository.query(c, v, filter, k, include, plan.getT2()).collectList(),
                                filter != null && Filter.hasDocumentFilter(filter) ? 1 : 4)
                        .collectList()));
    }

    private Mono<List<float[]>> queryVectors(CollectionInfo c, List<String> texts, List<float[]> vectors) {
        if (vectors != null) {
            for (int i = 0; i < vectors.size(); i++) {
                if (vectors.get(i) == null) {
                    throw MemoryException.invalid("query_embeddings[" + i + "]", "required", "A query embedding is a list of numbers");
                }
                RecordRules.embedding(vectors.get(i), c, "query_embeddings[" + i + "]");
            }
            return Mono.just(vectors);
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null || texts.get(i).isBlank()) {
                throw MemoryException.invalid("query_texts[" + i + "]", "required", "A query text is not blank");
            }
            Storable.text("query_texts[" + i + "]", texts.get(i));
        }
        return embed(c, texts, InputKind.QUERY, "query_texts")
                .map(list -> list.stream().map(v -> v.get(c.domain())).toList());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Filter filter(JsonNode where, JsonNode whereDocument) {
        return Filter.and(filters.parseWhere(where, "where"), filters.parseDocument(whereDocument, "where_document"));
    }

    private Mono<Ready> embedMissing(CollectionInfo c, List<CollectionRecord> records) {
        List<Integer> slots = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).embedding() == null) {
                slots.add(i);
                texts.add(records.get(i).document());
            }
        }
        if (texts.isEmpty()) {
            return Mono.just(new Ready(records, List.of()));
        }
        return embed(c, texts, InputKind.DOCUMENT, "documents").map(vectors -> {
            List<CollectionRecord> out = new ArrayList<>(records);
            List<String> truncated = new ArrayList<>();
            for (int j = 0; j < slots.size(); j++) {
                CollectionRecord r = records.get(slots.get(j));
                out.set(slots.get(j), r.withEmbedding(vectors.get(j).get(c.domain())));
                if (vectors.get(j).truncated().contains(c.domain())) {
                    truncated.add(r.id());
                }
            }
            return new Ready(out, truncated);
        });
    }

    /** The texts' vectors by the collection's model, each checked for its dimension. */
    private Mono<List<DomainVectors>> embed(CollectionInfo c, List<String> texts, InputKind kind, String field) {
        DualEmbeddingService service = embeddings == null ? null : embeddings.get();
        if (service == null) {
            return Mono.error(MemoryException.unavailable("No embedding model is configured: send embeddings with "
                    + field, null));
        }
        return Mono.fromFuture(() -> service.embedAll(texts, c.domain(), kind))
                .flatMap(vs -> {
                    for (DomainVectors v : vs) {
                        float[] vector = v.get(c.domain());
                        if (vector == null || vector.length != c.dimension()) {
                            return Mono.<List<DomainVectors>>error(MemoryException.unavailable("The " + c.domain()
                                    + " model produced " + (vector == null ? "no" : vector.length + "-d")
                                    + " vectors; collection " + c.name() + " holds " + c.dimension() + "-d", null));
                        }
                    }
                    return Mono.just(vs);
                })
                .onErrorMap(e -> !(e instanceof MemoryException), e -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    return cause instanceof InvalidInputException
                            ? new MemoryException(MemoryException.Kind.INVALID, field, "embeddable", cause.getMessage(), cause)
                            : MemoryException.unavailable("Embedding failed: " + cause.getMessage(), cause);
                });
    }

    private static void checkIds(List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            RecordRules.id(ids.get(i), "ids[" + i + "]");
        }
    }

    private void requireBatch(int size, String field) {
        if (size > limits.maxBatch()) {
            throw MemoryException.tooLarge(field, limits.maxBatch(), size);
        }
    }

    private int bounded(int n, String field) {
        if (n < 1 || n > limits.maxResults()) {
            throw MemoryException.invalid(field, "range 1.." + limits.maxResults(), field + " is between 1 and " + limits.maxResults());
        }
        return n;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl > 0 ? message.substring(0, nl) : message;
    }
}
