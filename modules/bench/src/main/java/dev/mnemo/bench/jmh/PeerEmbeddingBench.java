package dev.mnemo.bench.jmh;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.mnemo.bench.Corpus;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The peer: LangChain4j's in-process all-MiniLM-L6-v2 (same model as our TEXT domain) embedding the same 32 short
 * sentences with {@code embedAll}, as a user of it would (default constructor: its own executor over all cores).
 * The sentences are ~17 tokens, under its 128-token truncation, so both sides embed the same tokens.
 */
@State(Scope.Benchmark)
public class PeerEmbeddingBench {

    private AllMiniLmL6V2EmbeddingModel model;
    private List<TextSegment> sentences;

    @Setup
    public void setUp() {
        model = new AllMiniLmL6V2EmbeddingModel();
        sentences = Corpus.sentences(32, 0).stream().map(TextSegment::from).toList();
        model.embedAll(sentences);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public List<Embedding> langchain4jBatch32Short() {
        return model.embedAll(sentences).content();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Embedding langchain4jSingleQuery() {
        return model.embed("why did order processing fail after the release 42").content();
    }
}
