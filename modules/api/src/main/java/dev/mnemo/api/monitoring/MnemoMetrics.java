package dev.mnemo.api.monitoring;

import dev.mnemo.core.health.DatabaseStatus;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.model.schema.PoolUsage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * Prometheus figures of Mnemo's own parts: embedding work per model, cache hit rate, model memory against the budget,
 * and R2DBC pool usage. Request latencies (search, ingest, embeddings) come from Spring's
 * {@code http_server_requests_seconds} histogram, tagged by route.
 */
@Component
public class MnemoMetrics implements MeterBinder {

    private final DualEmbeddingService embeddings;
    private final DatabaseStatus database;

    public MnemoMetrics(DualEmbeddingService embeddings, DatabaseStatus database) {
        this.embeddings = embeddings;
        this.database = database;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (EmbeddingDomain domain : new EmbeddingDomain[] {EmbeddingDomain.TEXT, EmbeddingDomain.CODE}) {
            String tag = domain.name().toLowerCase();
            FunctionCounter.builder("mnemo.embedding.inferences", embeddings, e -> e.stats().models().get(domain).inferences())
                    .tag("domain", tag).description("texts run through the model (cache hits excluded)").register(registry);
            FunctionCounter.builder("mnemo.embedding.batches", embeddings, e -> e.stats().models().get(domain).batches())
                    .tag("domain", tag).description("ONNX runs").register(registry);
            Gauge.builder("mnemo.embedding.model.memory", embeddings, e -> e.stats().models().get(domain).memoryMb())
                    .tag("domain", tag).baseUnit("megabytes").register(registry);
            Gauge.builder("mnemo.embedding.model.loaded", embeddings, e -> e.isLoaded(domain) ? 1 : 0)
                    .tag("domain", tag).register(registry);
        }
        Gauge.builder("mnemo.embedding.cache.hit.rate", embeddings, e -> e.stats().cache().hitRate()).register(registry);
        FunctionCounter.builder("mnemo.embedding.cache.hits", embeddings, e -> e.stats().cache().hits()).register(registry);
        FunctionCounter.builder("mnemo.embedding.cache.misses", embeddings, e -> e.stats().cache().misses()).register(registry);
        Gauge.builder("mnemo.embedding.models.memory", embeddings, e -> e.stats().estimatedModelsMb())
                .baseUnit("megabytes").register(registry);
        Gauge.builder("mnemo.embedding.budget", embeddings, e -> e.stats().budgetMb()).baseUnit("megabytes").register(registry);
        if (database.poolUsage().isPresent()) {
            poolGauge(registry, "acquired", PoolUsage::acquired);
            poolGauge(registry, "idle", PoolUsage::idle);
            poolGauge(registry, "pending", PoolUsage::pending);
            poolGauge(registry, "max", PoolUsage::max);
        }
    }

    private void poolGauge(MeterRegistry registry, String state, ToDoubleFunction<PoolUsage> value) {
        Gauge.builder("mnemo.db.pool.connections", database,
                        d -> d.poolUsage().map(value::applyAsDouble).orElse(Double.NaN))
                .tag("state", state).register(registry);
    }
}
