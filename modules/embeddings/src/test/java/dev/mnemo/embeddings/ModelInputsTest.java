package dev.mnemo.embeddings;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.mnemo.embeddings.bundled.BundledModel;
import dev.mnemo.embeddings.folder.ModelFiles;
import dev.mnemo.embeddings.onnx.ModelInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelInputsTest {

    @Test
    void feedsOnlyTheInputsTheSessionDeclares() {
        ModelInputs bert = ModelInputs.from(Set.of("input_ids", "attention_mask", "token_type_ids"), "bert");
        assertTrue(bert.attentionMask() && bert.tokenTypeIds());
        ModelInputs nomic = ModelInputs.from(Set.of("input_ids", "attention_mask"), "nomic");
        assertTrue(nomic.attentionMask());
        assertFalse(nomic.tokenTypeIds());
        ModelInputs bare = ModelInputs.from(Set.of("input_ids"), "bare");
        assertFalse(bare.attentionMask() || bare.tokenTypeIds());
    }

    @Test
    void refusesGraphsWhoseInputsItCannotProvide() {
        ModelLoadException noIds = assertThrows(ModelLoadException.class,
                () -> ModelInputs.from(Set.of("pixel_values"), "vit"));
        assertTrue(noIds.getMessage().contains("input_ids"), noIds.getMessage());
        ModelLoadException extra = assertThrows(ModelLoadException.class,
                () -> ModelInputs.from(Set.of("input_ids", "position_ids"), "odd"));
        assertTrue(extra.getMessage().contains("position_ids"), extra.getMessage());
    }

    @Test
    void aModelWithoutTokenTypeIdsRunsAndPoolsWithTheMask(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("tiny"));
        Files.write(folder.resolve(ModelFiles.ONNX), TinyOnnxModel.withoutTokenTypeIds());
        ModelFiles minilm = ModelFolders.bundled(BundledModel.ALL_MINILM_L6_V2);
        Files.copy(minilm.tokenizer(), folder.resolve(ModelFiles.TOKENIZER));
        Files.writeString(folder.resolve(ModelFiles.DESCRIPTOR),
                "{\"pooling\": \"mean\", \"dimension\": 4, \"maxTokens\": 64, \"normalize\": false}");

        List<String> texts = List.of("hi", "a somewhat longer sentence so the batch has padding");
        try (DualEmbeddingService service = new DualEmbeddingService(
                ModelFolders.config().withCode(ModelSource.of(folder.toString())));
             HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(minilm.tokenizer())
                     .optPadding(false).optMaxLength(64).optTruncation(true).build()) {
            List<DomainVectors> vectors = service.embedAll(texts, EmbeddingDomain.CODE).get();
            for (int i = 0; i < texts.size(); i++) {
                // Hidden state is id x weights, so masked mean pooling must give mean(ids) x weights exactly.
                double meanId = Arrays.stream(tokenizer.encode(texts.get(i)).getIds()).average().orElseThrow();
                float[] v = vectors.get(i).code();
                assertEquals(4, v.length);
                for (int d = 0; d < 4; d++) {
                    assertEquals(meanId * TinyOnnxModel.WEIGHTS[d], v[d], 1e-2 * meanId, "text #" + i + " dim " + d);
                }
            }
            assertEquals(2, service.stats().models().get(EmbeddingDomain.CODE).inferences());
        }
    }
}
