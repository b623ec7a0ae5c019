package dev.mnemo.embeddings;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mnemo.embeddings.folder.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorsTest {

    private static DualEmbeddingService service;

    @BeforeAll
    static void start() {
        EmbeddingConfig c = ModelFolders.config();
        service = new DualEmbeddingService(new EmbeddingConfig(c.text(), c.code(), c.budgetMb(), c.cacheSize(),
                c.inferenceThreads(), false, c.batchWindow(), c.maxBatchTokens(), 1_000));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void blankInputIsRejectedWithoutLoadingAModel() {
        for (String blank : new String[] {"", "   \n\t", null}) {
            InvalidInputException e = failure(service.embed(blank, EmbeddingDomain.TEXT), InvalidInputException.class);
            assertTrue(e.getMessage().contains("blank"), e.getMessage());
        }
        assertTrue(!service.isLoaded(EmbeddingDomain.TEXT));
    }

    @Test
    void overLongInputNamesTheLimit() {
        InvalidInputException e = failure(service.embed("x".repeat(1_001), EmbeddingDomain.CODE),
                InvalidInputException.class);
        assertTrue(e.getMessage().contains("1000") && e.getMessage().contains("maxInputChars"), e.getMessage());
        InvalidInputException inBatch = failure(service.embedAll(List.of("fine", " "), EmbeddingDomain.TEXT),
                InvalidInputException.class);
        assertTrue(inBatch.getMessage().contains("#1"), inBatch.getMessage());
    }

    @Test
    void unknownDomainListsTheAllowedValues() {
        UnknownDomainException e = assertThrows(UnknownDomainException.class, () -> EmbeddingDomain.parse("prose"));
        assertTrue(e.getMessage().contains("TEXT, CODE, HYBRID"), e.getMessage());
        assertInstanceOf(EmbeddingException.class, e);
        assertTrue(EmbeddingDomain.parse(" hybrid ") == EmbeddingDomain.BOTH);
    }

    @Test
    void hybridIsNotAModelDomain() {
        assertThrows(IllegalArgumentException.class, () -> service.dimension(EmbeddingDomain.BOTH));
        assertThrows(IllegalArgumentException.class, () -> service.descriptor(EmbeddingDomain.BOTH));
    }

    @Test
    void missingModelFolderNamesThePath(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-model");
        try (DualEmbeddingService s = withCode(ModelSource.of(missing.toString()))) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> s.dimension(EmbeddingDomain.CODE));
            assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
            ModelLoadException async = failure(s.embed("x", EmbeddingDomain.CODE), ModelLoadException.class);
            assertTrue(async.getMessage().contains("does not exist"), async.getMessage());
            // TEXT is unaffected by a broken CODE model.
            s.embed("text still works", EmbeddingDomain.TEXT).join();
        }
    }

    @Test
    void folderMissingFilesNamesEachOne(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("half"));
        Files.writeString(folder.resolve(ModelFiles.DESCRIPTOR), ModelFolders.miniLmDescriptor("half", 384, ""));
        try (DualEmbeddingService s = withCode(ModelSource.of(folder.toString()))) {
            ModelLoadException e = failure(s.load(EmbeddingDomain.CODE), ModelLoadException.class);
            assertTrue(e.getMessage().contains("model.onnx and tokenizer.json"), e.getMessage());
        }
    }

    @Test
    void corruptOnnxFileIsAModelLoadError(@TempDir Path dir) throws Exception {
        Path folder = ModelFolders.miniLmFolder(dir, "corrupt", ModelFolders.miniLmDescriptor("corrupt", 384, ""));
        Files.delete(folder.resolve(ModelFiles.ONNX));
        Files.write(folder.resolve(ModelFiles.ONNX), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        try (DualEmbeddingService s = withCode(ModelSource.of(folder.toString()))) {
            ModelLoadException e = failure(s.embed("x", EmbeddingDomain.CODE), ModelLoadException.class);
            assertTrue(e.getMessage().contains(folder.resolve(ModelFiles.ONNX).toString()), e.getMessage());
            assertTrue(!s.isLoaded(EmbeddingDomain.CODE));
        }
    }

    @Test
    void badDescriptorNamesTheField(@TempDir Path dir) {
        Path folder = ModelFolders.miniLmFolder(dir, "typo",
                "{\"pooling\": \"mean\", \"dimension\": 384, \"maxToken\": 256}");
        try (DualEmbeddingService s = withCode(ModelSource.of(folder.toString()))) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> s.descriptor(EmbeddingDomain.CODE));
            assertTrue(e.getMessage().contains("maxToken"), e.getMessage());
        }
    }

    @Test
    void descriptorDimensionDifferentFromTheModelOutputIsRefused(@TempDir Path dir) {
        Path folder = ModelFolders.miniLmFolder(dir, "wrong-dim", ModelFolders.miniLmDescriptor("wrong-dim", 768, ""));
        try (DualEmbeddingService s = withCode(ModelSource.of(folder.toString()))) {
            DimensionMismatchException e = failure(s.embed("x", EmbeddingDomain.CODE),
                    DimensionMismatchException.class);
            assertTrue(e.getMessage().contains("768") && e.getMessage().contains("384"), e.getMessage());
            assertTrue(!s.isLoaded(EmbeddingDomain.CODE));
            assertTrue(s.stats().estimatedModelsMb() == 0, "a refused model must not count against the budget");
        }
    }

    private static DualEmbeddingService withCode(ModelSource code) {
        return new DualEmbeddingService(ModelFolders.config().withCode(code));
    }

    private static <E extends Throwable> E failure(CompletableFuture<?> future, Class<E> type) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(60, TimeUnit.SECONDS));
        return assertInstanceOf(type, e.getCause(), () -> "cause was " + e.getCause());
    }
}
