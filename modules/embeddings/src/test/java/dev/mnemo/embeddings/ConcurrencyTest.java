package dev.mnemo.embeddings;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrencyTest {

    @Test
    void thirtyTwoConcurrentFirstCallsLoadTheModelOnceThenRepeatsHitTheCache() throws Exception {
        try (DualEmbeddingService service = new DualEmbeddingService(ModelFolders.config())) {
            assertFalse(service.isLoaded(EmbeddingDomain.CODE));
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                texts.add("def handler_" + i + "(event): return event['body']");
            }
            List<CompletableFuture<DomainVectors>> first = startTogether(service, texts);
            CompletableFuture.allOf(first.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            EmbeddingStats.ModelStats code = service.stats().models().get(EmbeddingDomain.CODE);
            assertEquals(1, code.loads(), "single-flight load");
            assertEquals(32, code.inferences());
            assertTrue(service.isLoaded(EmbeddingDomain.CODE));
            assertFalse(service.isLoaded(EmbeddingDomain.TEXT), "CODE use must not load TEXT");

            long hitsBefore = service.stats().cache().hits();
            List<CompletableFuture<DomainVectors>> again = startTogether(service, texts);
            for (int i = 0; i < texts.size(); i++) {
                CompletableFuture<DomainVectors> repeat = again.get(i);
                assertTrue(repeat.isDone(), "a cache hit completes on the caller's thread");
                assertArrayEquals(first.get(i).get().code(), repeat.get().code());
            }
            EmbeddingStats after = service.stats();
            assertEquals(32, after.models().get(EmbeddingDomain.CODE).inferences(), "no inference for cache hits");
            assertEquals(hitsBefore + 32, after.cache().hits());
            assertEquals(1, after.models().get(EmbeddingDomain.CODE).loads());
        }
    }

    @Test
    void callersCannotCorruptTheCachedVector() throws Exception {
        try (DualEmbeddingService service = new DualEmbeddingService(ModelFolders.config())) {
            float[] first = service.embedLegacy("immutable please").get();
            float expected = first[0];
            first[0] = 42f;
            assertEquals(expected, service.embedLegacy("immutable please").get()[0]);
        }
    }

    /** Starts every call from its own thread at the same instant, as racing request handlers would. */
    private static List<CompletableFuture<DomainVectors>> startTogether(DualEmbeddingService service,
                                                                        List<String> texts) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(texts.size());
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<CompletableFuture<DomainVectors>>> calls = new ArrayList<>();
        for (String text : texts) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return service.embed(text, EmbeddingDomain.CODE);
            }, callers));
        }
        go.countDown();
        List<CompletableFuture<DomainVectors>> futures = new ArrayList<>();
        for (CompletableFuture<CompletableFuture<DomainVectors>> call : calls) {
            futures.add(call.get(10, TimeUnit.SECONDS));
        }
        callers.shutdown();
        return futures;
    }
}
