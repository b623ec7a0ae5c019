package dev.mnemo.embeddings;

import dev.mnemo.embeddings.bundled.BundledModelFiles;
import dev.mnemo.embeddings.cache.CacheKey;
import dev.mnemo.embeddings.cache.EmbeddingCache;
import dev.mnemo.embeddings.memory.MemoryBudget;
import dev.mnemo.embeddings.memory.ProcessMemory;
import dev.mnemo.embeddings.runtime.EmbeddingThreads;
import dev.mnemo.embeddings.runtime.ModelSlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * In-process embeddings with two models: one for prose (TEXT), one for source code (CODE); HYBRID asks both.
 *
 * <p>Every method returning a future is non-blocking: validation and cache hits complete on the caller's thread in
 * microseconds, everything else runs on the service's own bounded threads. Futures fail with the
 * {@link EmbeddingException} subtypes themselves (never wrapped in CompletionException).
 */
public final class DualEmbeddingService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DualEmbeddingService.class);

    private final EmbeddingConfig config;
    private final EmbeddingThreads threads;
    private final MemoryBudget budget;
    private final EmbeddingCache cache;
    private final Map<EmbeddingDomain, ModelSlot> slots = new EnumMap<>(EmbeddingDomain.class);

    public DualEmbeddingService(EmbeddingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.threads = EmbeddingThreads.create(config.inferenceThreads());
        this.budget = new MemoryBudget(config.budgetMb());
        this.cache = new EmbeddingCache(config.cacheSize());
        BundledModelFiles bundled = BundledModelFiles.fromEnvironment();
        slots.put(EmbeddingDomain.TEXT, new ModelSlot(EmbeddingDomain.TEXT, config.text(), bundled, threads, budget,
                config.batchWindow(), config.maxBatchTokens(), config.intraOpThreads()));
        slots.put(EmbeddingDomain.CODE, new ModelSlot(EmbeddingDomain.CODE, config.code(), bundled, threads, budget,
                config.batchWindow(), config.maxBatchTokens(), config.intraOpThreads()));
        if (config.preloadText()) {
            // Fire and forget: the constructor must not wait ~1 s; failures are logged and retried on first use.
            slots.get(EmbeddingDomain.TEXT).load();
        }
    }

    public CompletableFuture<DomainVectors> embed(String text, EmbeddingDomain domain) {
        return embed(text, domain, InputKind.DOCUMENT);
    }

    public CompletableFuture<DomainVectors> embed(String text, EmbeddingDomain domain, InputKind kind) {
        try {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(kind, "kind");
            validate(text, -1);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return surfaced(vectorsOf(text, domain, kind));
    }

    public CompletableFuture<List<DomainVectors>> embedAll(List<String> texts, EmbeddingDomain domain) {
        return embedAll(texts, domain, InputKind.DOCUMENT);
    }

    /** Vectors in input order; the call fails as a whole (with the first failure) if any text fails. */
    public CompletableFuture<List<DomainVectors>> embedAll(List<String> texts, EmbeddingDomain domain, InputKind kind) {
        try {
            Objects.requireNonNull(texts, "texts");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(kind, "kind");
            for (int i = 0; i < texts.size(); i++) {
                validate(texts.get(i), i);
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        // Each text enters the batcher on its own; arriving together, they are coalesced into token-budgeted runs.
        List<CompletableFuture<DomainVectors>> each = new ArrayList<>(texts.size());
        for (String text : texts) {
            each.add(vectorsOf(text, domain, kind));
        }
        return surfaced(CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(done -> each.stream().map(CompletableFuture::join).toList()));
    }

    /** The single-vector API of old: TEXT model, DOCUMENT kind. */
    public CompletableFuture<float[]> embedLegacy(String text) {
        return embed(text, EmbeddingDomain.TEXT, InputKind.DOCUMENT).thenApply(DomainVectors::text);
    }

    /** Length of the vectors a model domain returns, from its descriptor: does not load the model. */
    public int dimension(EmbeddingDomain modelDomain) {
        return slot(modelDomain).descriptor().outputDimension();
    }

    /**
     * The tokens {@code text} costs the model of {@code modelDomain} (TEXT or CODE), special tokens included, up to
     * its limit + 1: what a chunker needs to keep a piece within the limit. Loads the model if needed.
     */
    public CompletableFuture<Integer> tokens(EmbeddingDomain modelDomain, String text) {
        return surfaced(slot(modelDomain).tokens(text));
    }

    public ModelDescriptor descriptor(EmbeddingDomain modelDomain) {
        return slot(modelDomain).descriptor();
    }

    /**
     * The models that embedded only the start of a text, each with its token limit ({@code {"text": 256}}); empty
     * when the whole text was embedded. The one wording every answer uses.
     */
    public Map<String, Integer> truncatedTo(DomainVectors vectors) {
        if (vectors.truncated().isEmpty()) {
            return Map.of();
        }
        Map<String, Integer> out = new java.util.TreeMap<>();
        vectors.truncated().forEach(d -> out.put(d.name().toLowerCase(java.util.Locale.ROOT), descriptor(d).maxTokens()));
        return out;
    }

    /** Loads a model domain (HYBRID: both) if not loaded yet; concurrent calls share one load. */
    public CompletableFuture<Void> load(EmbeddingDomain domain) {
        return surfaced(CompletableFuture.allOf(domain.models().stream()
                .map(m -> slots.get(m).load()).toArray(CompletableFuture[]::new)));
    }

    /** Stops serving a model domain (HYBRID: both); its memory is freed once runs in flight finish. */
    public void unload(EmbeddingDomain domain) {
        domain.models().forEach(m -> slots.get(m).unload());
    }

    public boolean isLoaded(EmbeddingDomain domain) {
        return domain.models().stream().allMatch(m -> slots.get(m).isLoaded());
    }

    public EmbeddingStats stats() {
        Map<EmbeddingDomain, EmbeddingStats.ModelStats> models = new EnumMap<>(EmbeddingDomain.class);
        slots.forEach((domain, slot) -> models.put(domain, slot.stats()));
        long modelsMb = budget.currentMb();
        return new EmbeddingStats(models, ProcessMemory.rssMb().orElse(-1), ProcessMemory.jvmHeapUsedMb(), modelsMb,
                config.budgetMb(), modelsMb > config.budgetMb(), cache.stats());
    }

    @Override
    public void close() {
        for (ModelSlot slot : slots.values()) {
            try {
                slot.unload().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("Unloading a model on close failed", e);
            }
        }
        threads.shutdown();
        cache.clear();
    }

    private CompletableFuture<DomainVectors> vectorsOf(String text, EmbeddingDomain domain, InputKind kind) {
        List<EmbeddingDomain> models = domain.models();
        List<CompletableFuture<Embedded>> vectors = new ArrayList<>(models.size());
        for (EmbeddingDomain model : models) {
            vectors.add(vectorOf(text, model, kind));
        }
        return CompletableFuture.allOf(vectors.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<EmbeddingDomain, float[]> byDomain = new EnumMap<>(EmbeddingDomain.class);
            Set<EmbeddingDomain> truncated = EnumSet.noneOf(EmbeddingDomain.class);
            for (int i = 0; i < models.size(); i++) {
                Embedded embedded = vectors.get(i).join();
                byDomain.put(models.get(i), embedded.vector());
                if (embedded.truncated()) {
                    truncated.add(models.get(i));
                }
            }
            return new DomainVectors(byDomain, truncated);
        });
    }

    private CompletableFuture<Embedded> vectorOf(String text, EmbeddingDomain modelDomain, InputKind kind) {
        ModelSlot slot = slots.get(modelDomain);
        ModelDescriptor descriptor;
        try {
            descriptor = slot.descriptor();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CacheKey key = CacheKey.of(descriptor.name(), modelDomain, kind, text);
        return cache.get(key, () -> slot.embed(descriptor.prefixFor(kind) + text));
    }

    private void validate(String text, int index) {
        String which = index < 0 ? "Text" : "Text #" + index;
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(which + " is empty or blank; there is nothing to embed");
        }
        if (text.length() > config.maxInputChars()) {
            throw new InvalidInputException(which + " has " + text.length() + " characters, over the limit of "
                    + config.maxInputChars() + " (maxInputChars); split it into chunks first");
        }
    }

    private ModelSlot slot(EmbeddingDomain modelDomain) {
        if (modelDomain == null || !modelDomain.isModel()) {
            throw new IllegalArgumentException("A model domain is TEXT or CODE, was " + modelDomain
                    + " (HYBRID uses both models)");
        }
        return slots.get(modelDomain);
    }

    /** Completes with the failure itself, not the CompletionException wrapper chaining adds around it. */
    private static <T> CompletableFuture<T> surfaced(CompletableFuture<T> future) {
        CompletableFuture<T> out = new CompletableFuture<>();
        future.whenComplete((value, failure) -> {
            if (failure == null) {
                out.complete(value);
            } else {
                Throwable cause = failure;
                while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                        && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                out.completeExceptionally(cause);
            }
        });
        return out;
    }
}
