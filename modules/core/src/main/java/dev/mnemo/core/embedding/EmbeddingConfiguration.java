package dev.mnemo.core.embedding;

import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingConfig;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.ModelSource;
import dev.mnemo.model.schema.SchemaException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedding service built from {@code mnemo.embedding.*}; the embeddings module itself knows nothing of Spring.
 * Start-up refuses models whose descriptor dimension differs from the configured one (read without loading them).
 */
@Configuration(proxyBeanMethods = false)
public class EmbeddingConfiguration {

    @Bean(destroyMethod = "close")
    DualEmbeddingService dualEmbeddingService(MnemoSettings settings) {
        MnemoSettings.Embedding e = settings.embedding();
        int threads = e.inferenceThreads() > 0 ? e.inferenceThreads() : Runtime.getRuntime().availableProcessors();
        EmbeddingConfig config = new EmbeddingConfig(ModelSource.of(e.textModel()), ModelSource.of(e.codeModel()),
                e.ramBudgetMb(), e.cacheSize(), threads, e.preloadText(), e.batchWindow(), e.maxBatchTokens(),
                settings.limits().maxTextChars(), e.intraOpThreads());
        DualEmbeddingService service = new DualEmbeddingService(config);
        try {
            requireDimension(service, EmbeddingDomain.TEXT, e.textModel(), e.dimension(), "mnemo.embedding.dimension");
            requireDimension(service, EmbeddingDomain.CODE, e.codeModel(), e.codeDimension(), "mnemo.embedding.code-dimension");
        } catch (RuntimeException ex) {
            service.close();
            throw ex;
        }
        return service;
    }

    private static void requireDimension(DualEmbeddingService service, EmbeddingDomain domain, String model,
                                         int configured, String property) {
        int actual = service.dimension(domain);
        if (actual != configured) {
            throw new SchemaException("The " + domain + " model " + model + " produces " + actual + "-d vectors but "
                    + property + " is " + configured + ": set " + property + "=" + actual
                    + " (and a database of that dimension) or choose another model.");
        }
    }
}
