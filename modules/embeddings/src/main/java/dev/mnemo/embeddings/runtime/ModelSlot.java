package dev.mnemo.embeddings.runtime;

import dev.mnemo.embeddings.Embedded;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.EmbeddingException;
import dev.mnemo.embeddings.EmbeddingStats;
import dev.mnemo.embeddings.ModelDescriptor;
import dev.mnemo.embeddings.ModelLoadException;
import dev.mnemo.embeddings.ModelSource;
import dev.mnemo.embeddings.batch.DynamicBatcher;
import dev.mnemo.embeddings.bundled.BundledModel;
import dev.mnemo.embeddings.bundled.BundledModelFiles;
import dev.mnemo.embeddings.folder.DescriptorFile;
import dev.mnemo.embeddings.folder.ModelFiles;
import dev.mnemo.embeddings.memory.MemoryBudget;
import dev.mnemo.embeddings.memory.ModelMemory;
import dev.mnemo.embeddings.memory.ProcessMemory;
import dev.mnemo.embeddings.onnx.OnnxEncoder;
import dev.mnemo.embeddings.onnx.TokenizedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One model domain (TEXT or CODE): knows its source, loads it once however many callers race (single-flight), serves
 * it through a dynamic batcher, and unloads it. A failed load is forgotten, so a later call tries again.
 */
public final class ModelSlot {

    private static final Logger log = LoggerFactory.getLogger(ModelSlot.class);
    private static final String WARM_UP_TEXT = "warm-up";

    private final EmbeddingDomain domain;
    private final ModelSource source;
    private final BundledModelFiles bundledFiles;
    private final EmbeddingThreads threads;
    private final MemoryBudget budget;
    private final Duration batchWindow;
    private final int maxBatchTokens;

    private final AtomicReference<CompletableFuture<LoadedModel>> current = new AtomicReference<>();
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong inferences = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private volatile long loadMillis;
    private volatile ModelDescriptor descriptor;
    private final int intraOpThreads;

    public ModelSlot(EmbeddingDomain domain, ModelSource source, BundledModelFiles bundledFiles,
                     EmbeddingThreads threads, MemoryBudget budget, Duration batchWindow, int maxBatchTokens,
                     int intraOpThreads) {
        this.domain = domain;
        this.source = source;
        this.bundledFiles = bundledFiles;
        this.threads = threads;
        this.budget = budget;
        this.batchWindow = batchWindow;
        this.maxBatchTokens = maxBatchTokens;
        this.intraOpThreads = intraOpThreads;
    }

    /** The descriptor, read without loading the model (built in for bundled models, mnemo-model.json otherwise). */
    public ModelDescriptor descriptor() {
        ModelDescriptor known = descriptor;
        if (known == null) {
            known = source.bundled().map(BundledModel::descriptor).orElseGet(() -> DescriptorFile.read(source.folder()));
            descriptor = known;
        }
        return known;
    }

    public CompletableFuture<Void> load() {
        return loaded().thenApply(model -> null);
    }

    /**
     * How many tokens {@code text} costs this model, special tokens included, counted by its own tokenizer; past the
     * model's limit the answer is {@code maxTokens + 1} (the tokenizer stops there). Loads the model if needed.
     */
    public CompletableFuture<Integer> tokens(String text) {
        return loaded().thenApply(model -> {
            TokenizedText t = model.tokenize(text);
            return t.length() + (t.truncated() ? 1 : 0);
        });
    }

    /** Embeds one (already prefixed) text; loads the model first if needed. */
    public CompletableFuture<Embedded> embed(String text) {
        return loaded().thenCompose(model -> model.batcher().submit(text));
    }

    private CompletableFuture<LoadedModel> loaded() {
        while (true) {
            CompletableFuture<LoadedModel> existing = current.get();
            if (existing != null && !existing.isCompletedExceptionally()) {
                return existing;
            }
            CompletableFuture<LoadedModel> mine = new CompletableFuture<>();
            if (current.compareAndSet(existing, mine)) {
                try {
                    threads.loader().execute(() -> loadInto(mine));
                } catch (RejectedExecutionException e) {
                    mine.completeExceptionally(new EmbeddingException("The embedding service is closed"));
                }
                return mine;
            }
        }
    }

    private void loadInto(CompletableFuture<LoadedModel> target) {
        try {
            target.complete(open());
        } catch (RuntimeException | Error e) {
            log.warn("Loading the {} model from '{}' failed: {}", domain, source.spec(), e.getMessage());
            target.completeExceptionally(e);
        }
    }

    private LoadedModel open() {
        long started = System.nanoTime();
        ModelDescriptor known = descriptor();
        Optional<BundledModel> bundled = source.bundled();
        ModelFiles files = bundled.isPresent()
                ? bundledFiles.extract(bundled.get())
                : ModelFiles.inFolder(source.folder(), known);
        long onnxBytes = fileSize(files);
        budget.checkFits(known.name(), ModelMemory.estimateMb(onnxBytes));

        long rssBefore = ProcessMemory.rssMb().orElse(-1);
        OnnxEncoder encoder = OnnxEncoder.open(files, intraOpThreads);
        try {
            // One real run checks the output dimension now (not on a user's request) and lets the measurement
            // include the first run's buffers.
            encoder.embed(List.of(encoder.tokenize(WARM_UP_TEXT)));
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
        long rssAfter = ProcessMemory.rssMb().orElse(-1);
        long memoryMb = ModelMemory.measuredMb(rssBefore, rssAfter, onnxBytes);

        LoadedModel model = new LoadedModel(encoder, memoryMb, inferences, batches);
        model.attach(new DynamicBatcher(model, threads.workers(), threads.timer(), batchWindow, maxBatchTokens,
                threads.parallelism()));
        budget.recordLoaded(model, known.name(), memoryMb);
        loadMillis = (System.nanoTime() - started) / 1_000_000;
        loads.incrementAndGet();
        log.info("Loaded {} model '{}' in {} ms: {}-d, {} MB measured, inputs {}", domain, known.name(), loadMillis,
                known.outputDimension(), memoryMb, encoder.inputs());
        return model;
    }

    private static long fileSize(ModelFiles files) {
        try {
            return Files.size(files.onnx());
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read " + files.onnx() + ": " + e.getMessage(), e);
        }
    }

    /** Stops serving; the model is closed on the loader thread once its runs in flight finish. Never blocks. */
    public CompletableFuture<Void> unload() {
        CompletableFuture<LoadedModel> previous = current.getAndSet(null);
        if (previous == null) {
            return CompletableFuture.completedFuture(null);
        }
        return previous.handleAsync((model, failure) -> {
            if (model != null) {
                model.close();
                budget.recordUnloaded(model);
                log.info("Unloaded {} model '{}'", domain, model.name());
            }
            return (Void) null;
        }, threads.loader());
    }

    public boolean isLoaded() {
        CompletableFuture<LoadedModel> f = current.get();
        return f != null && f.isDone() && !f.isCompletedExceptionally();
    }

    public EmbeddingStats.ModelStats stats() {
        CompletableFuture<LoadedModel> f = current.get();
        LoadedModel model = isLoaded() ? f.join() : null;
        String name;
        int dimension;
        try {
            name = descriptor().name();
            dimension = descriptor().outputDimension();
        } catch (EmbeddingException e) {
            name = source.spec();
            dimension = 0;
        }
        return new EmbeddingStats.ModelStats(name, model != null, dimension, model == null ? 0 : model.memoryMb(),
                loadMillis, inferences.get(), loads.get(), batches.get());
    }
}
