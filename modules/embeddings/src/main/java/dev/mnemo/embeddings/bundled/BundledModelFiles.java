package dev.mnemo.embeddings.bundled;

import dev.mnemo.embeddings.ModelLoadException;
import dev.mnemo.embeddings.folder.ModelFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies a bundled model's files out of its jar into a cache folder, once. ONNX Runtime then opens the session from
 * the file path: building it from a byte[] costs about twice the RSS (measured, see docs/models.md).
 */
public final class BundledModelFiles {

    private static final Logger log = LoggerFactory.getLogger(BundledModelFiles.class);

    private final Path cacheRoot;

    public BundledModelFiles(Path cacheRoot) {
        this.cacheRoot = cacheRoot;
    }

    /** ${MNEMO_MODEL_CACHE}, else ~/.cache/mnemo/models. */
    public static BundledModelFiles fromEnvironment() {
        String configured = System.getenv("MNEMO_MODEL_CACHE");
        Path root = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "mnemo", "models");
        return new BundledModelFiles(root);
    }

    public ModelFiles extract(BundledModel model) {
        Path folder = cacheRoot.resolve(model.modelName());
        Path onnx = copyOnce(model.onnxResource(), folder.resolve(ModelFiles.ONNX));
        Path tokenizer = copyOnce(model.tokenizerResource(), folder.resolve(ModelFiles.TOKENIZER));
        return new ModelFiles(folder, onnx, tokenizer, model.descriptor());
    }

    private static Path copyOnce(String resource, Path target) {
        URL url = BundledModelFiles.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new ModelLoadException("Bundled model file '" + resource + "' is not on the classpath;"
                    + " add its langchain4j-embeddings-* jar or configure a model folder instead");
        }
        try {
            URLConnection connection = url.openConnection();
            long size = connection.getContentLengthLong();
            if (Files.isRegularFile(target) && size >= 0 && Files.size(target) == size) {
                return target;
            }
            Files.createDirectories(target.getParent());
            // Copy to a private temp name, then rename: a concurrent process never sees a half-written model.
            Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            log.info("Extracted bundled model file {} to {}", resource, target);
            return target;
        } catch (IOException e) {
            throw new ModelLoadException("Cannot extract bundled model file '" + resource + "' to " + target
                    + ": " + e.getMessage() + " (set MNEMO_MODEL_CACHE to a writable folder)", e);
        }
    }
}
