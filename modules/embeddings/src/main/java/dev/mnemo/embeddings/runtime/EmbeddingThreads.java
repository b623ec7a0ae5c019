package dev.mnemo.embeddings.runtime;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's threads; callers' threads (Reactor event loops) only enqueue.
 *
 * @param workers bounded pool sized to the cores: tokenising and ONNX runs
 * @param parallelism the number of worker threads: a batch is split into at least this many runs when it can be
 * @param timer   fires batch windows; never runs model code
 * @param loader  one thread: loads are serialised, so budget checks see every earlier load
 */
public record EmbeddingThreads(ExecutorService workers, int parallelism, ScheduledExecutorService timer,
                               ExecutorService loader) {

    private static final int WORKER_QUEUE = 10_000;

    public static EmbeddingThreads create(int workerThreads) {
        ExecutorService workers = new ThreadPoolExecutor(workerThreads, workerThreads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(WORKER_QUEUE), daemon("mnemo-embed-worker"));
        return new EmbeddingThreads(workers, workerThreads,
                Executors.newSingleThreadScheduledExecutor(daemon("mnemo-embed-batch-timer")),
                Executors.newSingleThreadExecutor(daemon("mnemo-embed-loader")));
    }

    public void shutdown() {
        timer.shutdownNow();
        loader.shutdown();
        workers.shutdown();
        try {
            loader.awaitTermination(30, TimeUnit.SECONDS);
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
