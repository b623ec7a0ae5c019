package dev.mnemo.bench.memory;

import dev.mnemo.bench.BenchServices;
import dev.mnemo.bench.Corpus;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.EmbeddingStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Memory of one case, measured in its own fresh JVM ({@link MemoryRun} starts it): TEXT only, CODE only, or BOTH.
 *
 * <p>Reads /proc/self/status VmRSS before any model is loaded (the baseline), loads the case's models, then runs the
 * batches the service really runs — per round: 32 short sentences and 32 ~240-token texts (prose for TEXT, code for
 * CODE; BOTH adds the code through HYBRID, i.e. through both models) — sampling VmRSS after every batch. The model
 * memory is the highest sample minus the baseline. Run it with a fixed, pre-touched heap
 * ({@code -Xms256m -Xmx256m -XX:+AlwaysPreTouch}) so heap growth cannot pass for model memory.
 *
 * <p>Prints one line {@code MEMORY_PROBE_RESULT {json}}.
 */
public final class MemoryProbe {

    public static final String PREFIX = "MEMORY_PROBE_RESULT ";

    private MemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0].toUpperCase(Locale.ROOT) : "BOTH";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<EmbeddingDomain> models = switch (which) {
            case "TEXT" -> List.of(EmbeddingDomain.TEXT);
            case "CODE" -> List.of(EmbeddingDomain.CODE);
            case "BOTH" -> List.of(EmbeddingDomain.TEXT, EmbeddingDomain.CODE);
            default -> throw new IllegalArgumentException("case must be TEXT, CODE or BOTH, was " + which);
        };
        System.gc();
        Thread.sleep(200);
        long baseline = status("VmRSS");
        long started = System.nanoTime();
        long max;
        long afterLoad;
        int texts = 0;
        EmbeddingStats stats;
        try (DualEmbeddingService service = BenchServices.create(0, 1_000_000)) {
            for (EmbeddingDomain m : models) {
                service.load(m).join();
            }
            afterLoad = status("VmRSS");
            max = afterLoad;
            for (int r = 1; r <= rounds; r++) {
                List<Runnable> batches = new ArrayList<>();
                for (EmbeddingDomain m : models) {
                    batches.add(() -> service.embedAll(Corpus.sentences(32, 0), m).join());
                }
                final int round = r;
                if (models.contains(EmbeddingDomain.TEXT)) {
                    batches.add(() -> service.embedAll(Corpus.proses(32, round), EmbeddingDomain.TEXT).join());
                }
                if (models.contains(EmbeddingDomain.CODE)) {
                    batches.add(() -> service.embedAll(Corpus.codes(32, round), EmbeddingDomain.CODE).join());
                }
                if (models.size() == 2) {
                    batches.add(() -> service.embedAll(Corpus.codes(32, 1000 + round), EmbeddingDomain.BOTH).join());
                }
                for (Runnable batch : batches) {
                    batch.run();
                    texts += 32;
                    max = Math.max(max, status("VmRSS"));
                }
            }
            stats = service.stats();
        }
        ObjectNode o = JsonMapper.shared().createObjectNode();
        o.put("case", which);
        o.put("rounds", rounds);
        o.put("texts", texts);
        o.put("seconds", (System.nanoTime() - started) / 1e9);
        o.put("baseline_rss_mb", baseline);
        o.put("after_load_rss_mb", afterLoad);
        o.put("max_rss_mb", max);
        o.put("peak_rss_mb", status("VmHWM"));
        o.put("model_memory_mb", max - baseline);
        o.put("model_memory_after_load_mb", afterLoad - baseline);
        o.put("service_estimated_models_mb", stats.estimatedModelsMb());
        ObjectNode per = o.putObject("service_models");
        stats.models().forEach((domain, s) -> {
            if (s.loaded()) {
                per.putObject(domain.name()).put("name", s.name()).put("memory_mb", s.memoryMb())
                        .put("load_ms", s.loadMillis()).put("inferences", s.inferences()).put("batches", s.batches());
            }
        });
        System.out.println(PREFIX + o);
        System.exit(0);
    }

    /** A /proc/self/status field in MiB (VmRSS: resident now; VmHWM: the peak). */
    static long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]) / 1024;
            }
        }
        throw new IOException(field + " not in /proc/self/status (Linux only)");
    }
}
