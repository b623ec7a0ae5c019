package dev.mnemo.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFolderTest {

    @Test
    void aModelFolderServesTheSameVectorsAsTheBundledModel(@TempDir Path dir) throws Exception {
        Path folder = ModelFolders.miniLmFolder(dir, "minilm-copy", ModelFolders.miniLmDescriptor("minilm-copy", 384,
                ", \"queryPrefix\": \"query: \", \"documentPrefix\": \"\""));
        try (DualEmbeddingService service = new DualEmbeddingService(
                ModelFolders.config().withCode(ModelSource.of(folder.toString())))) {
            ModelDescriptor descriptor = service.descriptor(EmbeddingDomain.CODE);
            assertEquals("minilm-copy", descriptor.name());
            assertEquals(Pooling.MEAN, descriptor.pooling());
            assertEquals(384, service.dimension(EmbeddingDomain.CODE));
            assertFalse(service.isLoaded(EmbeddingDomain.CODE), "dimension() must not load the model");

            DomainVectors both = service.embed("The same model twice", EmbeddingDomain.BOTH).get();
            assertTrue(Cosine.of(both.text(), both.code()) > 0.99999, "folder copy differs from bundled");

            float[] query = service.embed("The same model twice", EmbeddingDomain.CODE, InputKind.QUERY).get().code();
            assertTrue(Cosine.of(query, both.code()) < 0.999, "queryPrefix was not applied");
        }
    }

    @Test
    void matryoshkaTruncationKeepsTheLeadingComponentsRenormalised(@TempDir Path dir) throws Exception {
        Path folder = ModelFolders.miniLmFolder(dir, "minilm-128", ModelFolders.miniLmDescriptor("minilm-128", 384,
                ", \"truncateDim\": 128"));
        try (DualEmbeddingService service = new DualEmbeddingService(
                ModelFolders.config().withCode(ModelSource.of(folder.toString())))) {
            assertEquals(128, service.dimension(EmbeddingDomain.CODE));
            DomainVectors both = service.embed("Matryoshka vectors", EmbeddingDomain.BOTH).get();
            assertEquals(128, both.code().length);
            assertTrue(Cosine.of(Arrays.copyOf(both.text(), 128), both.code()) > 0.99999);
            double norm = 0;
            for (float v : both.code()) {
                norm += v * v;
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-4);
        }
    }

    @Test
    void bundledNamesAndHuggingFaceAliasesResolve() {
        assertEquals("all-minilm-l6-v2", ModelSource.of("sentence-transformers/all-MiniLM-L6-v2").bundled()
                .orElseThrow().modelName());
        assertEquals("bge-small-en-v15", ModelSource.of("BAAI/bge-small-en-v1.5").bundled().orElseThrow().modelName());
        assertEquals("bge-small-en-v15", ModelSource.of("BGE-SMALL-EN-V15").bundled().orElseThrow().modelName());
        assertTrue(ModelSource.of("/models/nomic").bundled().isEmpty());
    }
}
