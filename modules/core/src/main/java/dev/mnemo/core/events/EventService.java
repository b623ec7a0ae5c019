package dev.mnemo.core.events;

import dev.mnemo.core.embedding.EmbeddingFailures;
import dev.mnemo.core.error.DatabaseRetry;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.input.Storable;
import dev.mnemo.core.quota.Quotas;
import dev.mnemo.core.search.Fusion;
import dev.mnemo.core.search.Hybrid;
import dev.mnemo.core.search.SearchMode;
import dev.mnemo.core.search.SelectiveFilters;
import dev.mnemo.core.settings.FailureStrategy;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.embeddings.DomainVectors;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.InputKind;
import dev.mnemo.embeddings.InvalidInputException;
import dev.mnemo.model.events.Event;
import dev.mnemo.model.events.EventPage;
import dev.mnemo.model.search.Explanation;
import dev.mnemo.model.filter.Filter;
import dev.mnemo.model.search.Terms;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.events.EventQuery;
import dev.mnemo.store.events.EventRepository;
import dev.mnemo.store.events.NewEvent;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The orchestration both faces share: validate, embed (off the event loop, batched), then store; and search, which
 * embeds the query then asks the store. Lives in the store module because it is the lowest module that sees both
 * the embeddings and the database, and the api and the admin shell both depend on it.
 */
public class EventService {

    private static final Logger log = LoggerFactory.getLogger(EventService.class);

    private final EventRepository events;
    private final DualEmbeddingService embeddings;
    private final MnemoSettings settings;
    /** Vector search with a metadata filter: exact among a selective filter's matches, a graph walk for a broad one. */
    private final SelectiveFilters<Scoped> filters;

    private final Quotas quotas;

    /** A filter in one tenant: selectivity is counted per tenant. */
    private record Scoped(Tenant tenant, Filter filter) {
    }

    public EventService(EventRepository events, DualEmbeddingService embeddings, MnemoSettings settings, Quotas quotas) {
        this.quotas = quotas;
        this.filters = new SelectiveFilters<>((scoped, cap) ->
                DatabaseRetry.mono(events.countMatches(scoped.tenant(), scoped.filter(), cap), "estimating a filter"));
        this.events = events;
        this.embeddings = embeddings;
        this.settings = settings;
    }

    /**
     * One event written: its id, whether it is new (false: the id existed), and the models that embedded only the
     * first {@code maxTokens} tokens of its text ({@code {"text": 256}}; empty when the whole text was embedded).
     */
    public record Written(UUID id, boolean inserted, Map<String, Integer> truncatedTo) {
    }

    /** A created event, and the models that embedded only the start of its text. */
    public record Created(Event event, Map<String, Integer> truncatedTo) {
    }

    /** One event, written and read back in one statement. */
    public Mono<Created> create(Tenant tenant, EventDraft draft) {
        try {
            validate(draft, "");
        } catch (ServiceException e) {
            return Mono.error(e);
        }
        // The id is chosen before the write: a row "already there" under an id we generated ourselves was written
        // by our own retried attempt (read it back); under the client's id, it is a conflict.
        return guarded(tenant, List.of(draft), embedMissing(List.of(draft)).map(list -> list.get(0)).flatMap(prepared -> {
            UUID id = prepared.row().id();
            return DatabaseRetry.mono(events.insertOne(tenant, prepared.row()), "storing an event")
                    .switchIfEmpty(Mono.defer(() -> draft.id() == null
                            ? DatabaseRetry.mono(events.findById(tenant, id), "reading an event")
                            : Mono.error(ServiceException.conflict("id", "event " + id + " already exists"))))
                    .map(e -> new Created(e, prepared.truncatedTo()));
        }));
    }

    /**
     * Validates every draft first (one invalid draft rejects the batch: nothing is half-written), embeds those that
     * need it in batches, then writes all in one transaction. Ids that already exist are reported, not rewritten.
     *
     * @param fieldPrefix prefix for error paths, e.g. {@code events[3].}
     */
    public Flux<Written> createAll(Tenant tenant, List<EventDraft> drafts, String fieldPrefix) {
        if (drafts.size() > settings.limits().maxBatchSize()) {
            return Flux.error(ServiceException.tooLarge(fieldPrefix.isEmpty() ? "events" : fieldPrefix,
                    settings.limits().maxBatchSize(), drafts.size()));
        }
        try {
            for (int i = 0; i < drafts.size(); i++) {
                validate(drafts.get(i), drafts.size() == 1 ? fieldPrefix : fieldPrefix + "[" + i + "].");
            }
        } catch (ServiceException e) {
            return Flux.error(e);
        }
        return write(tenant, drafts);
    }

    /** Embeds what needs it, then writes all in one transaction; the drafts are valid. */
    private Flux<Written> write(Tenant tenant, List<EventDraft> drafts) {
        // Ids are assigned before the write, so a retried insert can only find its own rows: nothing duplicates.
        return guardedMany(tenant, drafts, embedMissing(drafts).flatMapMany(prepared -> {
            Map<UUID, Map<String, Integer>> truncated = new java.util.HashMap<>();
            prepared.forEach(p -> truncated.put(p.row().id(), p.truncatedTo()));
            return DatabaseRetry.flux(events.insertAll(tenant, prepared.stream().map(Prepared::row).toList()), "storing events")
                    .map(w -> new Written(w.id(), w.inserted(), truncated.getOrDefault(w.id(), Map.of())));
        }));
    }

    /** {@code write} if the tenant's quota has room for these drafts, asked before any embedding work is spent. */
    private <T> Mono<T> guarded(Tenant tenant, List<EventDraft> drafts, Mono<T> write) {
        return quotas.guard(tenant, drafts.size(), 0, () -> drafts.stream().mapToLong(this::storedBytes).sum(), write);
    }

    private <T> Flux<T> guardedMany(Tenant tenant, List<EventDraft> drafts, Flux<T> write) {
        return quotas.guardMany(tenant, drafts.size(), 0, () -> drafts.stream().mapToLong(this::storedBytes).sum(), write);
    }

    /** About what a draft takes as a row: its JSON, its vectors (4 bytes a dimension), and the row's own overhead. */
    private long storedBytes(EventDraft d) {
        long vectors = switch (d.domain()) {
            case TEXT -> settings.embedding().dimension();
            case CODE -> settings.embedding().codeDimension();
            case BOTH -> settings.embedding().dimension() + settings.embedding().codeDimension();
        };
        return 64 + d.content().toString().length() + (d.metadata() == null ? 0 : d.metadata().toString().length())
                + 4 * vectors;
    }

    /** What became of one draft of {@link #createEach}: written (or found there already), or refused. */
    public record Outcome(Written written, ServiceException error) {
    }

    /**
     * Drafts each already checked with {@link #validate} (a stream's lines), written in one transaction. When the
     * database still refuses the transaction for a value (INVALID), each draft is written alone, so one bad line
     * fails alone; an outage fails them all. One outcome per draft, in order.
     */
    public Flux<Outcome> createEach(Tenant tenant, List<EventDraft> drafts) {
        if (drafts.isEmpty()) {
            return Flux.empty();
        }
        return write(tenant, drafts).map(w -> new Outcome(w, null))
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .onErrorResume(ServiceException.class, e -> e.kind() == ServiceException.Kind.INVALID && drafts.size() > 1
                        ? Flux.fromIterable(drafts).concatMap(d -> createEach(tenant, List.of(d)))
                        : Flux.fromIterable(drafts).map(d -> new Outcome(null, e)));
    }

    /** Checks one draft; throws {@link ServiceException} naming {@code prefix + field} and the rule broken. */
    public void validate(EventDraft d, String prefix) {
        if (d.content() == null || !d.content().isObject()) {
            throw ServiceException.invalid(prefix + "content", "required object", "content must be a JSON object");
        }
        if (d.metadata() != null && !d.metadata().isObject() && !d.metadata().isNull()) {
            throw ServiceException.invalid(prefix + "metadata", "object", "metadata must be a JSON object");
        }
        Storable.json(prefix + "content", d.content());
        Storable.json(prefix + "metadata", d.metadata());
        Storable.time(prefix + "timestamp", d.timestamp());
        if (d.embedding() != null) {
            EmbeddingDomain column = d.domain() == EmbeddingDomain.CODE ? EmbeddingDomain.CODE : EmbeddingDomain.TEXT;
            requireVector(prefix + "embedding", d.embedding(), dimension(column));
        }
    }

    int dimension(EmbeddingDomain modelDomain) {
        return modelDomain == EmbeddingDomain.CODE ? settings.embedding().codeDimension() : settings.embedding().dimension();
    }

    /** Events are compared by cosine distance: a vector of the deployment's dimension, finite, not all zeros. */
    static void requireVector(String field, float[] vector, int dimension) {
        if (vector.length != dimension) {
            throw ServiceException.invalid(field, "dimension " + dimension,
                    field + " has " + vector.length + " values; this deployment stores " + dimension + "-d vectors");
        }
        Storable.vector(field, vector, true);
    }

    /** The text auto-generation embeds: the first non-blank string among the configured content fields. */
    public String sourceText(JsonNode content) {
        for (String field : settings.embedding().sourceFields()) {
            JsonNode value = content.get(field);
            if (value != null && value.isString() && !value.asString().isBlank()) {
                return value.asString();
            }
        }
        return null;
    }

    /** A row ready to insert, and the models that embedded only the start of its text. */
    private record Prepared(NewEvent row, Map<String, Integer> truncatedTo) {
    }

    private Mono<List<Prepared>> embedMissing(List<EventDraft> drafts) {
        // Group the texts to embed per request domain, so each domain is one embedAll call (one or few ONNX runs).
        Map<EmbeddingDomain, List<Integer>> todo = new java.util.EnumMap<>(EmbeddingDomain.class);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            EventDraft d = drafts.get(i);
            String text = settings.embedding().autoGenerate() ? sourceText(d.content()) : null;
            texts.add(text);
            boolean needsGeneration = text != null && (d.embedding() == null || d.domain() == EmbeddingDomain.BOTH);
            if (needsGeneration) {
                todo.computeIfAbsent(d.domain(), k -> new ArrayList<>()).add(i);
            }
        }
        DomainVectors[] generated = new DomainVectors[drafts.size()];
        List<Mono<Void>> calls = todo.entrySet().stream().map(entry -> {
            List<String> batch = entry.getValue().stream().map(texts::get).toList();
            return Mono.fromFuture(() -> embeddings.embedAll(batch, entry.getKey(), InputKind.DOCUMENT))
                    .doOnNext(vectors -> IntStream.range(0, vectors.size())
                            .forEach(j -> generated[entry.getValue().get(j)] = vectors.get(j)))
                    .onErrorResume(e -> onEmbeddingFailure(EmbeddingFailures.unwrap(e), batch.size()))
                    .then();
        }).toList();
        return Mono.when(calls).then(Mono.fromSupplier(() -> IntStream.range(0, drafts.size())
                .mapToObj(i -> new Prepared(toNew(drafts.get(i), generated[i]),
                        generated[i] == null ? Map.of() : embeddings.truncatedTo(generated[i]))).toList()));
    }

    private Mono<List<DomainVectors>> onEmbeddingFailure(Throwable e, int count) {
        if (e instanceof InvalidInputException invalid) {
            return Mono.error(ServiceException.invalid("content", "embeddable text", invalid.getMessage()));
        }
        if (settings.embedding().failureStrategy() == FailureStrategy.HARD) {
            return Mono.error(ServiceException.unavailable("Embedding failed and mnemo.embedding.failure-strategy=hard;"
                    + " nothing was stored: " + e.getMessage(), e));
        }
        log.warn("Embedding failed for {} event(s); storing them without embeddings (failure-strategy=soft): {}",
                count, e.getMessage());
        return Mono.empty();
    }

    private NewEvent toNew(EventDraft d, DomainVectors generated) {
        float[] text = null;
        float[] code = null;
        if (d.embedding() != null) {
            if (d.domain() == EmbeddingDomain.CODE) {
                code = d.embedding();
            } else {
                text = d.embedding();
            }
        }
        if (generated != null) {
            text = text != null ? text : generated.text();
            code = code != null ? code : generated.code();
        }
        return new NewEvent(d.id() != null ? d.id() : UUID.randomUUID(), d.timestamp(), d.content(), d.metadata() == null || d.metadata().isNull() ? null : d.metadata(),
                text, text == null ? null : modelName(EmbeddingDomain.TEXT, d.embedding() != null && d.domain() != EmbeddingDomain.CODE),
                code, code == null ? null : modelName(EmbeddingDomain.CODE, d.embedding() != null && d.domain() == EmbeddingDomain.CODE),
                lexicalTerms(d.content()));
    }

    /** An event's text as the lexical index sees it: its source text (as for embedding), analysed as configured. */
    public Terms lexicalTerms(JsonNode content) {
        return settings.search().lexical().eventsAnalyzer().terms(sourceText(content));
    }

    private String modelName(EmbeddingDomain domain, boolean given) {
        return given ? "client" : embeddings.descriptor(domain).name();
    }

    public Mono<Event> get(Tenant tenant, UUID id) {
        return DatabaseRetry.mono(events.findById(tenant, id), "reading an event")
                .switchIfEmpty(Mono.error(() -> ServiceException.notFound("event", id)));
    }

    public Mono<Event> patchMetadata(Tenant tenant, UUID id, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return Mono.error(ServiceException.invalid("body", "object", "the metadata patch must be a JSON object"));
        }
        try {
            Storable.json("", patch);
        } catch (ServiceException e) {
            return Mono.error(e);
        }
        // A JSONB merge is idempotent: applying the same patch twice gives the same row.
        return DatabaseRetry.mono(events.mergeMetadata(tenant, id, patch), "updating metadata").switchIfEmpty(Mono.error(() -> ServiceException.notFound("event", id)));
    }

    public Mono<Void> delete(Tenant tenant, UUID id) {
        return DatabaseRetry.mono(events.delete(tenant, id), "deleting an event").flatMap(found -> found ? Mono.<Void>empty()
                : Mono.error(ServiceException.notFound("event", id)));
    }

    /** A search: the query text (if any) is embedded for the domain as a QUERY; a given vector is used as it is. */
    public Mono<EventPage> search(Tenant tenant, EventSearch s) {
        if (s.limit() < 1 || s.offset() < 0) {
            return Mono.error(ServiceException.invalid(s.limit() < 1 ? "limit" : "offset", ">= 1 / >= 0", "bad paging"));
        }
        if (s.mode() != SearchMode.VECTOR && (s.text() == null || s.text().isBlank())) {
            return Mono.error(ServiceException.invalid("query", "required", "Search mode " + s.mode().name().toLowerCase()
                    + " ranks by a query text: send one"));
        }
        try {
            Storable.json("metadata", s.metadata());
            Storable.text("query", s.text());
            Storable.text("query", s.contentContains());
            Storable.time("ts_start", s.from());
            Storable.time("ts_end", s.to());
        } catch (ServiceException e) {
            return Mono.error(e);
        }
        if (s.from() != null && s.to() != null && s.from().isAfter(s.to())) {
            return Mono.error(ServiceException.invalid("ts_start", "<= ts_end", "ts_start is after ts_end"));
        }
        if (s.mode() == SearchMode.LEXICAL) {
            EventQuery q = new EventQuery(null, null, filter(s.metadata(), s.contentContains(), s.from(), s.to()), null,
                    s.limit(), s.offset(), s.withVectors(), false);
            return lexical(tenant, q, s.text()).map(page -> new EventPage(page, (long) s.offset() + page.size(),
                    s.explain() ? single(page, s.offset(), false) : Map.of()));
        }
        if (s.mode() == SearchMode.HYBRID) {
            return hybrid(tenant, s);
        }
        Mono<float[][]> vectors;
        if (s.vector() != null) {
            try {
                requireVector("vector_query", s.vector(), dimension(s.domain() == EmbeddingDomain.CODE
                        ? EmbeddingDomain.CODE : EmbeddingDomain.TEXT));
            } catch (ServiceException e) {
                return Mono.error(e);
            }
            float[] v = s.vector();
            vectors = Mono.just(switch (s.domain()) {
                case TEXT -> new float[][] {v, null};
                case CODE -> new float[][] {null, v};
                case BOTH -> new float[][] {v, v};
            });
        } else if (s.text() != null && !s.text().isBlank()) {
            vectors = Mono.fromFuture(() -> embeddings.embed(s.text(), s.domain(), InputKind.QUERY))
                    .map(dv -> new float[][] {dv.text(), dv.code()})
                    .onErrorMap(e -> EmbeddingFailures.toService(e, "query"));
        } else {
            vectors = Mono.just(new float[][] {null, null});
        }
        boolean filtered = s.metadata() != null && !s.metadata().isEmpty();
        // Without iterative scan a graph walk sees only ef_search candidates: a filter is then always scanned exactly.
        boolean walkable = filtered && settings.search().iterativeScan();
        Filter filter = filter(s.metadata(), s.contentContains(), s.from(), s.to());
        return vectors.flatMap(v -> (walkable && (v[0] != null || v[1] != null) ? filters.selective(new Scoped(tenant, new Filter.Contains(s.metadata())))
                        : Mono.just(filtered))
                .flatMap(scanMatches -> {
                    EventQuery q = new EventQuery(v[0], v[1], filter, s.maxDistance(), s.limit(), s.offset(),
                            s.withVectors(), scanMatches);
                    return v[0] != null && v[1] != null ? fused(tenant, q) : DatabaseRetry.mono(events.search(tenant, q), "searching events");
                }))
                .map(page -> s.explain() && (s.vector() != null || s.text() != null) ? new EventPage(page.events(), page.total(),
                        single(page.events(), s.offset(), true)) : page);
    }

    /**
     * Both vectors (the HYBRID domain): each ranks its nearest candidates, {@link Fusion#rrf} merges the two
     * rankings, and the page is cut from the fused list. Similarity reported is the better of the two.
     */
    private Mono<EventPage> fused(Tenant tenant, EventQuery q) {
        int candidates = Math.max(50, 2 * (q.limit() + q.offset()));
        return DatabaseRetry.mono(events.legs(tenant, q, candidates), "searching events").map(legs -> {
            Map<UUID, Event> best = new HashMap<>();
            List<Fusion.Leg<UUID>> ranked = new ArrayList<>();
            for (List<Event> leg : legs) {
                ranked.add(Fusion.Leg.of(leg.stream().map(e -> new Fusion.Hit<>(e.id(), e.similarity())).toList()));
                leg.forEach(e -> best.merge(e.id(), e, (a, b) -> a.similarity() >= b.similarity() ? a : b));
            }
            // Equal fused scores are common (rank r in one leg only scores alike in either leg): the closer event
            // first, then the smaller id, so pages are stable and match what clients saw before fusion moved to Java.
            List<Event> page = Fusion.rrf(ranked).stream()
                    .sorted(Comparator.<Fusion.Fused<UUID>>comparingDouble(f -> -f.score())
                            .thenComparingDouble(f -> -best.get(f.key()).similarity())
                            .thenComparing(f -> f.key().toString())) // PostgreSQL's uuid order
                    .skip(q.offset()).limit(q.limit())
                    .map(f -> best.get(f.key())).toList();
            return new EventPage(page, (long) q.offset() + page.size());
        });
    }

    private Mono<List<Event>> lexical(Tenant tenant, EventQuery q, String text) {
        MnemoSettings.Lexical lexical = settings.search().lexical();
        Terms terms = lexical.eventsAnalyzer().terms(text);
        return DatabaseRetry.mono(events.lexical(tenant, q, terms, lexical.k1(), lexical.b()), "searching events");
    }

    /**
     * The vector leg (as a VECTOR search of the same domain) and the lexical leg, each ranking its best candidates
     * under the same filters, fused as {@code mnemo.search.hybrid} says; the page is cut from the fused list. {@code similarity}
     * of a hit is its fused score.
     */
    private Mono<EventPage> hybrid(Tenant tenant, EventSearch s) {
        int candidates = Math.max(50, 2 * (s.limit() + s.offset()));
        EventQuery q = new EventQuery(null, null, filter(s.metadata(), s.contentContains(), s.from(), s.to()), null,
                candidates, 0, s.withVectors(), false);
        Mono<List<Event>> vector = search(tenant, s.as(SearchMode.VECTOR, candidates, 0)).map(EventPage::events);
        return Mono.zip(vector, lexical(tenant, q, s.text())).map(legs -> {
            ToDoubleFunction<Event> similarity = e -> e.similarity() == null ? 0 : e.similarity();
            List<Hybrid.Hit<Event>> hits = Hybrid.fuse(Hybrid.Leg.of(legs.getT1(), similarity),
                    Hybrid.Leg.of(legs.getT2(), similarity), Event::id, settings.search().hybrid(), s.offset(), s.limit(),
                    s.explain());
            List<Event> page = hits.stream().map(h -> {
                Event e = h.item();
                return new Event(e.id(), e.timestamp(), e.content(), e.metadata(), e.embedding(), e.embeddingCode(),
                        h.score());
            }).toList();
            Map<UUID, Explanation> why = new HashMap<>();
            hits.stream().filter(h -> h.explanation() != null).forEach(h -> why.put(h.item().id(), h.explanation()));
            return new EventPage(page, (long) s.offset() + page.size(), why);
        });
    }

    /** Explanations of a one-leg search: each hit's rank (after {@code offset}) and score in that leg. */
    private static Map<UUID, Explanation> single(List<Event> hits, int offset, boolean vector) {
        List<Explanation> why = Hybrid.single(hits, offset, e -> e.similarity() == null ? 0 : e.similarity(), vector);
        Map<UUID, Explanation> byId = new HashMap<>();
        for (int i = 0; i < hits.size(); i++) {
            byId.put(hits.get(i).id(), why.get(i));
        }
        return byId;
    }

    /** MnemoLite's search parameters as one filter tree: metadata containment, content text, time bounds. */
    private static Filter filter(JsonNode metadata, String contentContains, OffsetDateTime from, OffsetDateTime to) {
        return Filter.allOf(
                metadata == null || metadata.isEmpty() ? null : new Filter.Contains(metadata),
                contentContains == null || contentContains.isBlank() ? null
                        : new Filter.Document(Filter.DocumentOp.ICONTAINS, contentContains),
                from == null ? null : new Filter.Time(Filter.TimeOp.FROM, from),
                to == null ? null : new Filter.Time(Filter.TimeOp.TO, to));
    }

    /** Not retried: lines already sent would be sent again. A failure ends the stream as UNAVAILABLE. */
    public Flux<Event> export(Tenant tenant, JsonNode metadata, OffsetDateTime from, OffsetDateTime to) {
        return Flux.defer(() -> {
            Storable.json("filter_metadata", metadata);
            Storable.time("ts_start", from);
            Storable.time("ts_end", to);
            return DatabaseRetry.once(events.export(tenant, filter(metadata, null, from, to)), "exporting events");
        });
    }
}
