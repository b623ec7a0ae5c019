package dev.mnemo.bench.gate;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.mnemo.bench.BenchServices;
import dev.mnemo.bench.Corpus;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Throughput ratios measured in one JVM, interleaved round by round (A then B, then B then A, ...), so that whatever
 * slows the machine slows both sides of a ratio alike. The figure is the median of the per-round ratios.
 */
public final class Ratios {

    /** Our batched TEXT embedAll over a naive loop of single embed calls, same model, same 32 sentences. */
    public static final String BATCHED_VS_SINGLE = "text_batched_vs_single";
    /** Our batched TEXT embedAll over LangChain4j's AllMiniLmL6V2EmbeddingModel.embedAll, same 32 sentences. */
    public static final String VS_LANGCHAIN4J = "text_vs_langchain4j";

    private static final long MIN_SIDE_NANOS = 250_000_000L;

    public record Ratio(String name, double median, double min, double max, double oursPerSec, double refPerSec,
                        int rounds) {
    }

    private Ratios() {
    }

    public static Map<String, Ratio> measure(int rounds) {
        return measure(rounds, names());
    }

    /** Only the named ratios (the peer's model is not even loaded unless its ratio is asked for). */
    public static Map<String, Ratio> measure(int rounds, java.util.Collection<String> which) {
        List<String> sentences = Corpus.sentences(32, 0);
        List<TextSegment> segments = sentences.stream().map(TextSegment::from).toList();
        Map<String, Ratio> out = new LinkedHashMap<>();
        try (DualEmbeddingService ours = BenchServices.uncached()) {
            ours.load(EmbeddingDomain.TEXT).join();
            Runnable batched = () -> ours.embedAll(sentences, EmbeddingDomain.TEXT).join();
            Runnable single = () -> {
                for (String s : sentences) {
                    ours.embed(s, EmbeddingDomain.TEXT).join();
                }
            };
            if (which.contains(BATCHED_VS_SINGLE)) {
                out.put(BATCHED_VS_SINGLE, ratio(BATCHED_VS_SINGLE, batched, single, rounds));
            }
            if (which.contains(VS_LANGCHAIN4J)) {
                AllMiniLmL6V2EmbeddingModel peer = new AllMiniLmL6V2EmbeddingModel();
                Runnable lc4j = () -> peer.embedAll(segments);
                out.put(VS_LANGCHAIN4J, ratio(VS_LANGCHAIN4J, batched, lc4j, rounds));
            }
        }
        return out;
    }

    private static Ratio ratio(String name, Runnable ours, Runnable reference, int rounds) {
        for (int i = 0; i < 3; i++) {
            ours.run();
            reference.run();
        }
        double[] ratios = new double[rounds];
        double oursRate = 0;
        double refRate = 0;
        for (int r = 0; r < rounds; r++) {
            double a;
            double b;
            if (r % 2 == 0) {
                a = rate(ours);
                b = rate(reference);
            } else {
                b = rate(reference);
                a = rate(ours);
            }
            ratios[r] = a / b;
            oursRate += a;
            refRate += b;
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        double median = rounds % 2 == 1 ? sorted[rounds / 2] : (sorted[rounds / 2 - 1] + sorted[rounds / 2]) / 2;
        return new Ratio(name, median, sorted[0], sorted[rounds - 1], 32 * oursRate / rounds, 32 * refRate / rounds,
                rounds);
    }

    /** Batches per second, running the batch until at least a quarter second has passed. */
    private static double rate(Runnable batch) {
        long start = System.nanoTime();
        int n = 0;
        long elapsed;
        do {
            batch.run();
            n++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < MIN_SIDE_NANOS);
        return n / (elapsed / 1e9);
    }

    public static List<String> names() {
        return new ArrayList<>(List.of(BATCHED_VS_SINGLE, VS_LANGCHAIN4J));
    }
}
