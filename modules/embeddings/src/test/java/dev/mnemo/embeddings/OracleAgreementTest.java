package dev.mnemo.embeddings;

import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.mnemo.embeddings.bundled.BundledModel;
import dev.mnemo.embeddings.folder.ModelFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Agreement with an independent implementation: LangChain4j's own ONNX pipeline on the same files. Inputs stay under
 * its 128-token limit for MiniLM (it keeps the tokenizer.json's truncation; we allow the model's 256).
 */
class OracleAgreementTest {

    private static final List<String> INPUTS = List.of(
            "The cat sits on the mat",
            "Quarterly revenue grew 5% compared to last year, driven by cloud subscriptions.",
            "public static int add(int a, int b) { return a + b; }",
            "Mnemo stores long-term memories for AI agents in PostgreSQL with pgvector.",
            "x");

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
    void miniLmMeanPoolingAgreesWithLangChain4j() throws Exception {
        assertAgrees(BundledModel.ALL_MINILM_L6_V2, PoolingMode.MEAN, EmbeddingDomain.TEXT);
    }

    @Test
    void bgeClsPoolingAgreesWithLangChain4j() throws Exception {
        assertAgrees(BundledModel.BGE_SMALL_EN_V15, PoolingMode.CLS, EmbeddingDomain.CODE);
    }

    private static void assertAgrees(BundledModel model, PoolingMode pooling, EmbeddingDomain domain) throws Exception {
        ModelFiles files = ModelFolders.bundled(model);
        OnnxEmbeddingModel oracle = new OnnxEmbeddingModel(files.onnx(), files.tokenizer(), pooling);
        List<DomainVectors> ours = service.embedAll(INPUTS, domain, InputKind.DOCUMENT).get();
        for (int i = 0; i < INPUTS.size(); i++) {
            float[] expected = oracle.embed(INPUTS.get(i)).content().vector();
            float[] actual = ours.get(i).get(domain);
            assertEquals(expected.length, actual.length);
            double cosine = Cosine.of(expected, actual);
            assertTrue(cosine > 0.999, model + " disagrees on '" + INPUTS.get(i) + "': cosine " + cosine);
        }
    }
}
