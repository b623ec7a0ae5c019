package dev.mnemo.embeddings.runtime;

import dev.mnemo.embeddings.EmbeddingException;
import dev.mnemo.embeddings.batch.BatchModel;
import dev.mnemo.embeddings.batch.DynamicBatcher;
import dev.mnemo.embeddings.onnx.OnnxEncoder;
import dev.mnemo.embeddings.onnx.TokenizedText;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A model in memory and serving. Runs hold the read lock, so unloading (write lock) waits for the runs in flight:
 * closing a native session under a running inference would crash the process.
 */
final class LoadedModel implements BatchModel, AutoCloseable {

    private final OnnxEncoder encoder;
    private final long memoryMb;
    private final AtomicLong inferences;
    private final AtomicLong batches;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;
    private DynamicBatcher batcher;

    LoadedModel(OnnxEncoder encoder, long memoryMb, AtomicLong inferences, AtomicLong batches) {
        this.encoder = encoder;
        this.memoryMb = memoryMb;
        this.inferences = inferences;
        this.batches = batches;
    }

    void attach(DynamicBatcher batcher) {
        this.batcher = batcher;
    }

    DynamicBatcher batcher() {
        return batcher;
    }

    long memoryMb() {
        return memoryMb;
    }

    String name() {
        return encoder.descriptor().name();
    }

    @Override
    public TokenizedText tokenize(String text) {
        lock.readLock().lock();
        try {
            requireOpen();
            return encoder.tokenize(text);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public float[][] embed(List<TokenizedText> batch) {
        lock.readLock().lock();
        try {
            requireOpen();
            float[][] vectors = encoder.embed(batch);
            batches.incrementAndGet();
            inferences.addAndGet(batch.size());
            return vectors;
        } finally {
            lock.readLock().unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new EmbeddingException("Model '" + name() + "' was unloaded while this request waited; retry it");
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            encoder.close();
        } finally {
            lock.writeLock().unlock();
        }
        if (batcher != null) {
            batcher.failAll(new EmbeddingException("Model '" + name() + "' was unloaded; retry the request"));
        }
    }
}
