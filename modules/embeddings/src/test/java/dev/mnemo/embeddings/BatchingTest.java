package dev.mnemo.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mnemo.embeddings.bundled.BundledModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchingTest {

    private static final String LONG = "Embeddings map text to vectors. ".repeat(60); // > 256 tokens: truncated
    private static final List<String> MIXED = List.of(
            "short", LONG, "A medium length sentence about vector databases and recall.",
            "int main() { return 0; }", "Another one, a little longer than the short one above it.");

    private static DualEmbeddingService batched;
    private static DualEmbeddingService unbatched;

    @BeforeAll
    static void start() {
        batched = new DualEmbeddingService(ModelFolders.config());
        // No window and a 1-token budget: every text runs alone, unpadded.
        EmbeddingConfig c = ModelFolders.config();
        unbatched = new DualEmbeddingService(new EmbeddingConfig(c.text(), c.code(), c.budgetMb(), 0,
                c.inferenceThreads(), false, Duration.ZERO, 1, c.maxInputChars()));
    }

    @AfterAll
    static void stop() {
        batched.close();
        unbatched.close();
    }

    @Test
    void aBatchGivesTheSameVectorsAsSingleRuns() throws Exception {
        for (EmbeddingDomain model : EmbeddingDomain.BOTH.models()) {
            List<DomainVectors> together = batched.embedAll(MIXED, model).get();
            for (int i = 0; i < MIXED.size(); i++) {
                float[] alone = unbatched.embed(MIXED.get(i), model).get().get(model);
                double cosine = Cosine.of(alone, together.get(i).get(model));
                assertTrue(cosine > 0.9999, model + " text #" + i + ": batched vs alone cosine " + cosine);
            }
        }
    }

    @Test
    void concurrentSinglesAreCoalescedIntoFewRuns() throws Exception {
        batched.load(EmbeddingDomain.TEXT).get();
        long runsBefore = batched.stats().models().get(EmbeddingDomain.TEXT).batches();
        List<CompletableFuture<DomainVectors>> all = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            all.add(batched.embed("coalesce me " + i, EmbeddingDomain.TEXT));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        long runs = batched.stats().models().get(EmbeddingDomain.TEXT).batches() - runsBefore;
        assertTrue(runs < 16, "64 concurrent texts took " + runs + " ONNX runs");
    }

    @Test
    void dynamicPaddingMatchesPaddingToTheModelMaximum() throws Exception {
        try (PadToMaxPipeline padToMax = new PadToMaxPipeline(ModelFolders.bundled(BundledModel.ALL_MINILM_L6_V2),
                256)) {
            assertEquals(256, padToMax.paddedLength("short"));
            List<DomainVectors> ours = batched.embedAll(MIXED, EmbeddingDomain.TEXT).get();
            for (int i = 0; i < MIXED.size(); i++) {
                double cosine = Cosine.of(padToMax.meanPooled(MIXED.get(i)), ours.get(i).text());
                assertTrue(cosine > 0.9999, "text #" + i + ": dynamic vs pad-to-max cosine " + cosine);
            }
        }
    }

    @Test
    void longTextIsTruncatedAtTheModelLimitNotTheTokenizerFiles128() throws Exception {
        // MiniLM's tokenizer.json truncates at 128; we set 256. Text whose tokens 129..256 differ must differ.
        String head = "alpha beta gamma delta ".repeat(32); // 128 tokens: a 128 cut would drop both tails
        float[] a = batched.embed(head + "completely different ending about the ocean and ships", EmbeddingDomain.TEXT)
                .get().text();
        float[] b = batched.embed(head + "an unrelated tail about tax law and accounting rules", EmbeddingDomain.TEXT)
                .get().text();
        assertTrue(Cosine.of(a, b) < 0.9999, "tokens past 128 were dropped");
    }

    @Test
    void tokensAreCountedByTheModelsOwnTokenizerUpToItsLimit() {
        // [CLS] hello world [SEP]: WordPiece keeps both words whole.
        assertEquals(4, batched.tokens(EmbeddingDomain.CODE, "hello world").join());
        // Identifiers split into pieces: more tokens than words, as a chunker must know.
        assertTrue(batched.tokens(EmbeddingDomain.CODE, "parseHttpHeaderLine").join() > 3);
        int limit = batched.descriptor(EmbeddingDomain.CODE).maxTokens();
        assertEquals(limit + 1, batched.tokens(EmbeddingDomain.CODE, LONG.repeat(4)).join(),
                "past the limit the count is the limit + 1");
        // A text the count says fits is embedded whole (nothing reported truncated).
        String fits = LONG.substring(0, 600);
        assertTrue(batched.tokens(EmbeddingDomain.CODE, fits).join() <= limit);
        assertTrue(batched.embed(fits, EmbeddingDomain.CODE).join().truncated().isEmpty());
    }
}
