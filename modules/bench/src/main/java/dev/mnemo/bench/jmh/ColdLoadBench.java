package dev.mnemo.bench.jmh;

import dev.mnemo.bench.BenchServices;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cold load: the first {@code load(domain)} in a fresh JVM (ONNX Runtime native start, session creation from the
 * extracted model file, one warm-up run). One single shot per fork; the runner uses several forks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ColdLoadBench {

    @Param({"TEXT", "CODE", "HYBRID"})
    public String domain;

    private DualEmbeddingService service;

    @Setup(Level.Iteration)
    public void setUp() {
        service = BenchServices.uncached();
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        service.close();
    }

    @Benchmark
    public boolean coldLoad() {
        EmbeddingDomain d = EmbeddingDomain.parse(domain);
        service.load(d).join();
        return service.isLoaded(d);
    }
}
