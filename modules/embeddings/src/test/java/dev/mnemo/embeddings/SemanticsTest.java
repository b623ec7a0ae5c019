package dev.mnemo.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SemanticsTest {

    private static DualEmbeddingService service;

    @BeforeAll
    static void start() {
        service = new DualEmbeddingService(ModelFolders.config());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void paraphrasesScoreHigherThanUnrelatedText() throws Exception {
        for (EmbeddingDomain model : EmbeddingDomain.BOTH.models()) {
            float[] cat = vector("The cat sits on the mat", model);
            float[] paraphrase = vector("A cat is sitting on a mat", model);
            float[] revenue = vector("Quarterly revenue grew 5%", model);
            double close = Cosine.of(cat, paraphrase);
            double far = Cosine.of(cat, revenue);
            assertTrue(close > 0.8, model + " paraphrase cosine " + close);
            assertTrue(close - far > 0.3, model + " paraphrase " + close + " vs unrelated " + far);
        }
    }

    @Test
    void vectorsAreUnitLengthWithTheDescribedDimension() throws Exception {
        float[] v = service.embedLegacy("unit length please").get();
        assertEquals(service.dimension(EmbeddingDomain.TEXT), v.length);
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        assertEquals(1.0, Math.sqrt(norm), 1e-4);
    }

    @Test
    void hybridReturnsBothVectorsAndTheyDiffer() throws Exception {
        DomainVectors both = service.embed("for (int i = 0; i < n; i++) sum += a[i];", EmbeddingDomain.BOTH).get();
        assertNotNull(both.text());
        assertNotNull(both.code());
        assertTrue(Cosine.of(both.text(), both.code()) < 0.9, "TEXT and CODE models gave near-identical vectors");

        DomainVectors textOnly = service.embed("only text", EmbeddingDomain.TEXT).get();
        assertNotNull(textOnly.text());
        assertNull(textOnly.code());
    }

    @Test
    void queryPrefixChangesTheCodeVectorButNotTheText() throws Exception {
        String text = "how do I sort a list";
        // bge-small has a query instruction; MiniLM has none, so both kinds must give the same vector there.
        float[] codeQuery = service.embed(text, EmbeddingDomain.CODE, InputKind.QUERY).get().code();
        float[] codeDoc = service.embed(text, EmbeddingDomain.CODE, InputKind.DOCUMENT).get().code();
        assertTrue(Cosine.of(codeQuery, codeDoc) < 0.999);
        float[] textQuery = service.embed(text, EmbeddingDomain.TEXT, InputKind.QUERY).get().text();
        float[] textDoc = service.embed(text, EmbeddingDomain.TEXT, InputKind.DOCUMENT).get().text();
        assertTrue(Cosine.of(textQuery, textDoc) > 0.99999);
    }

    private static float[] vector(String text, EmbeddingDomain model) throws Exception {
        return service.embed(text, model).get().get(model);
    }

    /** About {@code words} tokens: short common words are one token each in both vocabularies. */
    private static String words(int words) {
        return "the cat sat on a mat and ".repeat(words / 7 + 1);
    }

    @Test
    void textsLongerThanAModelsMaxTokensAreReportedTruncatedForThatModel() {
        assertEquals(Set.of(), service.embed(words(50), EmbeddingDomain.BOTH).join().truncated());
        // ~400 tokens: over MiniLM's 256 (TEXT), under bge-small's 512 (CODE).
        assertEquals(Set.of(EmbeddingDomain.TEXT), service.embed(words(400), EmbeddingDomain.BOTH).join().truncated());
        List<DomainVectors> both = service.embedAll(List.of(words(50), words(2000)), EmbeddingDomain.BOTH).join();
        assertEquals(Set.of(), both.get(0).truncated());
        assertEquals(Set.of(EmbeddingDomain.TEXT, EmbeddingDomain.CODE), both.get(1).truncated());
        // From the cache too: the flag travels with the cached vector.
        assertEquals(Set.of(EmbeddingDomain.CODE), service.embed(words(2000), EmbeddingDomain.CODE).join().truncated());
    }
}
