package dev.mnemo.bench.jmh;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the embedding JMH benchmarks with the settings of a mode and writes JMH's JSON ({@code -rf json}):
 * {@code <out>/jmh-embeddings.json} (steady state, ours and the peer in the same run) and {@code <out>/jmh-coldload.json}.
 *
 * <pre>java -cp ... dev.mnemo.bench.jmh.RunJmh quick|full &lt;out-dir&gt; [regexp]</pre>
 */
public final class RunJmh {

    private RunJmh() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "quick";
        Path out = Path.of(args.length > 1 ? args[1] : "modules/bench/target/bench-results");
        String only = args.length > 2 ? args[2] : null;
        Files.createDirectories(out);
        boolean full = mode.equals("full");
        String[] jvm = {"-Xms1g", "-Xmx1g", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")};

        ChainedOptionsBuilder steady = new OptionsBuilder()
                .include(only != null ? only : "(EmbeddingBench|PeerEmbeddingBench)")
                .forks(1)
                .threads(1)
                .warmupIterations(full ? 3 : 1)
                .warmupTime(TimeValue.seconds(full ? 2 : 1))
                .measurementIterations(full ? 5 : 2)
                .measurementTime(TimeValue.seconds(full ? 2 : 1))
                .jvmArgsAppend(jvm)
                .resultFormat(ResultFormatType.JSON)
                .result(out.resolve("jmh-embeddings.json").toString());
        new Runner(steady.build()).run();

        if (only == null) {
            ChainedOptionsBuilder cold = new OptionsBuilder()
                    .include("ColdLoadBench")
                    .forks(full ? 4 : 2)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .jvmArgsAppend(jvm)
                    .resultFormat(ResultFormatType.JSON)
                    .result(out.resolve("jmh-coldload.json").toString());
            new Runner(cold.build()).run();
        }
    }
}
