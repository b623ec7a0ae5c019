package dev.mnemo.bench.jmh;

import dev.mnemo.bench.BenchServices;
import dev.mnemo.bench.Corpus;
import dev.mnemo.embeddings.DomainVectors;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.InputKind;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Steady-state embedding through the public API ({@link DualEmbeddingService}) per domain: one short query (latency),
 * a batch of 32 short sentences and a batch of 32 ~200-240-token code snippets (throughput; texts/s = 32 x ops/s),
 * and a cache hit. Throughput and latency run on a service without cache (every call runs the model);
 * the cache-hit case on a service with the default cache.
 */
@State(Scope.Benchmark)
public class EmbeddingBench {

    @Param({"TEXT", "CODE", "HYBRID"})
    public String domain;

    private EmbeddingDomain d;
    private DualEmbeddingService uncached;
    private DualEmbeddingService cached;
    private List<String> sentences;
    private List<String> codes;
    private long salt;

    @Setup
    public void setUp() {
        d = EmbeddingDomain.parse(domain);
        uncached = BenchServices.uncached();
        cached = BenchServices.create(10_000, 1_000_000);
        uncached.load(d).join();
        cached.load(d).join();
        sentences = Corpus.sentences(32, 0);
        codes = Corpus.codes(32, 0);
        cached.embed("what changed in the billing service last week", d, InputKind.QUERY).join();
    }

    @TearDown
    public void tearDown() {
        long hits = uncached.stats().cache().hits();
        if (hits > 0) {
            throw new IllegalStateException("the uncached service served " + hits + " cache hits: results invalid");
        }
        uncached.close();
        cached.close();
    }

    /** One short query, unique each call (a cache miss): the latency a search pays to embed its text. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public DomainVectors singleQuery() {
        return uncached.embed(Corpus.query(++salt), d, InputKind.QUERY).join();
    }

    /** 32 short sentences in one embedAll call. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public List<DomainVectors> batch32Short() {
        return uncached.embedAll(sentences, d).join();
    }

    /** 32 code snippets (~200-240 tokens each) in one embedAll call. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public List<DomainVectors> batch32Code() {
        return uncached.embedAll(codes, d).join();
    }

    /** The same query again: served from the cache. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public DomainVectors cacheHit() {
        return cached.embed("what changed in the billing service last week", d, InputKind.QUERY).join();
    }
}
