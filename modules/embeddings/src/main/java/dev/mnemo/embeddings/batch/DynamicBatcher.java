package dev.mnemo.embeddings.batch;

import dev.mnemo.embeddings.Embedded;
import dev.mnemo.embeddings.EmbeddingException;
import dev.mnemo.embeddings.onnx.TokenizedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Coalesces requests for one model that arrive within a short window into as few ONNX runs as the token budget allows.
 *
 * <p>Callers only enqueue (no work on their thread). The first request of a window schedules a drain on the workers;
 * the drain takes everything queued at the moment it runs, so while the workers are busy, waiting requests pile up
 * into one bigger batch instead of many small ones. When no run of this model is in flight, the drain waits only
 * {@link #IDLE_WINDOW_NANOS}: a lone query does not pay the window, an embedAll still arrives as one batch, and under
 * load the full window coalesces concurrent callers.
 */
public final class DynamicBatcher {

    private static final Logger log = LoggerFactory.getLogger(DynamicBatcher.class);

    private record Pending(String text, CompletableFuture<Embedded> result) {
    }

    private record Tokenized(Pending pending, TokenizedText tokens) {
    }

    private final BatchModel model;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final long windowNanos;
    private final TokenBudget budget;
    private final int parallelism;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicInteger running = new AtomicInteger();
    /**
     * The wait of a drain when the model is idle: long enough for one embedAll call to enqueue all its texts (tens of
     * microseconds), short enough that a lone query does not notice it.
     */
    static final long IDLE_WINDOW_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    public DynamicBatcher(BatchModel model, ExecutorService workers, ScheduledExecutorService timer, Duration window,
                          int maxBatchTokens, int parallelism) {
        this.model = model;
        this.workers = workers;
        this.timer = timer;
        this.windowNanos = window.toNanos();
        this.budget = new TokenBudget(maxBatchTokens);
        this.parallelism = parallelism;
    }

    public CompletableFuture<Embedded> submit(String text) {
        CompletableFuture<Embedded> result = new CompletableFuture<>();
        queue.add(new Pending(text, result));
        if (drainScheduled.compareAndSet(false, true)) {
            long delay = running.get() == 0 ? Math.min(windowNanos, IDLE_WINDOW_NANOS) : windowNanos;
            if (delay == 0) {
                hand(this::drain);
                return result;
            }
            try {
                timer.schedule(() -> hand(this::drain), delay, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false);
                failAll(new EmbeddingException("The embedding service is closed"));
            }
        }
        return result;
    }

    private void hand(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            drainScheduled.set(false);
            failAll(new EmbeddingException("The embedding service is closed"));
        }
    }

    private void drain() {
        // Reset before draining: a request arriving after this point schedules the next drain itself.
        drainScheduled.set(false);
        List<Pending> taken = new ArrayList<>();
        for (Pending p; (p = queue.poll()) != null; ) {
            taken.add(p);
        }
        if (taken.isEmpty()) {
            return;
        }
        List<Tokenized> tokenized = new ArrayList<>(taken.size());
        for (Pending pending : taken) {
            try {
                tokenized.add(new Tokenized(pending, model.tokenize(pending.text())));
            } catch (RuntimeException e) {
                pending.result().completeExceptionally(e);
            }
        }
        tokenized.sort(Comparator.comparingInt(t -> t.tokens().length()));
        int[] lengths = tokenized.stream().mapToInt(t -> t.tokens().length()).toArray();
        List<int[]> runs = budget.split(lengths, parallelism);
        // Other runs go to the pool so both cores work; this thread takes the first one itself.
        for (int i = 1; i < runs.size(); i++) {
            List<Tokenized> run = tokenized.subList(runs.get(i)[0], runs.get(i)[1]);
            try {
                workers.execute(() -> run(run));
            } catch (RejectedExecutionException e) {
                run(run);
            }
        }
        if (!runs.isEmpty()) {
            run(tokenized.subList(runs.get(0)[0], runs.get(0)[1]));
        }
    }

    private void run(List<Tokenized> run) {
        float[][] vectors;
        running.incrementAndGet();
        try {
            vectors = model.embed(run.stream().map(Tokenized::tokens).toList());
        } catch (RuntimeException | Error e) {
            running.decrementAndGet();
            log.debug("Embedding run of {} texts failed", run.size(), e);
            run.forEach(t -> t.pending().result().completeExceptionally(e));
            return;
        }
        // Not running any more BEFORE the callers wake up: a caller that submits its next text at once must see an
        // idle model (short wait), not this finishing run (full window).
        running.decrementAndGet();
        for (int i = 0; i < run.size(); i++) {
            run.get(i).pending().result().complete(new Embedded(vectors[i], run.get(i).tokens().truncated()));
        }
    }

    /** Fails everything still queued (model unloaded or service closing). */
    public void failAll(Throwable reason) {
        for (Pending p; (p = queue.poll()) != null; ) {
            p.result().completeExceptionally(reason);
        }
    }
}
