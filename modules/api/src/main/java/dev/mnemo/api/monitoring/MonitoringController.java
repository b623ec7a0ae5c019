package dev.mnemo.api.monitoring;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.EmbeddingStats;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The seed's /v1/monitoring/embeddings, in its shape (models, ram), plus the budget figures and the cache. */
@RestController
public class MonitoringController {

    private final DualEmbeddingService embeddings;

    public MonitoringController(DualEmbeddingService embeddings) {
        this.embeddings = embeddings;
    }

    public record Model(String name, boolean loaded, int dimension, @JsonProperty("memory_mb") long memoryMb,
                        @JsonProperty("load_ms") long loadMs, long inferences, long batches) {
        static Model of(EmbeddingStats.ModelStats m) {
            return new Model(m.name(), m.loaded(), m.dimension(), m.memoryMb(), m.loadMillis(), m.inferences(), m.batches());
        }
    }

    public record Models(Model text, Model code) {
    }

    public record Ram(@JsonProperty("process_rss_mb") long processRssMb,
                      @JsonProperty("estimated_models_mb") long estimatedModelsMb,
                      @JsonProperty("budget_mb") long budgetMb,
                      @JsonProperty("budget_exceeded") boolean budgetExceeded,
                      @JsonProperty("jvm_heap_used_mb") long jvmHeapUsedMb) {
    }

    public record Cache(long size, long hits, long misses, @JsonProperty("hit_rate") double hitRate) {
    }

    public record EmbeddingMonitoring(Models models, Ram ram, Cache cache) {
    }

    @GetMapping("/v1/monitoring/embeddings")
    public Mono<EmbeddingMonitoring> embeddings() {
        // Reading RSS touches /proc: cheap, but file I/O all the same, so it stays off the event loop.
        return Mono.fromCallable(embeddings::stats).subscribeOn(Schedulers.boundedElastic()).map(s -> new EmbeddingMonitoring(
                new Models(Model.of(s.models().get(EmbeddingDomain.TEXT)), Model.of(s.models().get(EmbeddingDomain.CODE))),
                new Ram(s.processRssMb(), s.estimatedModelsMb(), s.budgetMb(), s.budgetExceeded(), s.jvmHeapUsedMb()),
                new Cache(s.cache().size(), s.cache().hits(), s.cache().misses(), s.cache().hitRate())));
    }
}
