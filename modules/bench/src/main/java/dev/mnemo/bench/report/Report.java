package dev.mnemo.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the JSON results of one run ({@code jmh-embeddings.json}, {@code jmh-coldload.json}, {@code memory.json},
 * {@code gate.json}, {@code store.json}) into markdown tables: writes the document and prints the tables.
 *
 * <pre>java -cp ... dev.mnemo.bench.report.Report &lt;results-dir&gt; &lt;target.md&gt; &lt;mode&gt; [seconds]</pre>
 */
public final class Report {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String[] DOMAINS = {"TEXT", "CODE", "HYBRID"};

    private final Path dir;
    private final StringBuilder tables = new StringBuilder();

    private Report(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path target = Path.of(args[1]);
        String mode = args.length > 2 ? args[2] : "quick";
        String seconds = args.length > 3 ? args[3] : "?";
        Report r = new Report(dir);
        r.build();
        String doc = Method.text(mode, seconds, LocalDate.now().toString(), machine(), r.tables.toString());
        // The search-quality tables come from make eval (scripts/eval.sh), not from this run: kept as they are.
        String kept = Files.exists(target) ? EvalBlock.of(Files.readString(target)) : null;
        doc = doc + "\n" + (kept != null ? kept : EvalBlock.wrap("## Search quality (`make eval`)\n\nNot measured yet: run `make eval`.\n"));
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, doc);
        System.out.println(r.tables);
    }

    private void build() throws IOException {
        embeddings();
        memory();
        gate();
        store();
    }

    private JsonNode read(String name) throws IOException {
        Path p = dir.resolve(name);
        return Files.exists(p) ? JSON.readTree(p.toFile()) : null;
    }

    private static JsonNode find(JsonNode jmh, String method, String domain) {
        if (jmh == null) {
            return null;
        }
        for (JsonNode b : jmh) {
            String name = b.get("benchmark").asString();
            boolean paramOk = domain == null || (b.has("params") && domain.equals(b.get("params").path("domain").asString()));
            if (name.endsWith("." + method) && paramOk) {
                return b.get("primaryMetric");
            }
        }
        return null;
    }

    private static double p(JsonNode metric, String pct) {
        return metric == null ? Double.NaN : num(metric.get("scorePercentiles").get(pct));
    }

    private static double score(JsonNode metric) {
        return metric == null ? Double.NaN : num(metric.get("score"));
    }

    private static double err(JsonNode metric) {
        return metric == null ? Double.NaN : num(metric.get("scoreError"));
    }

    /** JMH writes "NaN" (a string) where it has no figure, e.g. the error of a single iteration. */
    private static double num(JsonNode n) {
        return n != null && n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private void embeddings() throws IOException {
        JsonNode jmh = read("jmh-embeddings.json");
        JsonNode cold = read("jmh-coldload.json");
        if (jmh == null) {
            return;
        }
        h("Embeddings (JMH, through DualEmbeddingService)");
        row("domain", "single short query p50", "p95", "batch: 32 short sentences", "batch: 32 code snippets (~200-240 tok)",
                "cache hit p50", "cold load (fresh JVM)");
        row("---", "---:", "---:", "---:", "---:", "---:", "---:");
        for (String d : DOMAINS) {
            JsonNode single = find(jmh, "singleQuery", d);
            JsonNode shortB = find(jmh, "batch32Short", d);
            JsonNode code = find(jmh, "batch32Code", d);
            JsonNode hit = find(jmh, "cacheHit", d);
            JsonNode load = find(cold, "coldLoad", d);
            row(d, f(p(single, "50.0"), 2) + " ms", f(p(single, "95.0"), 2) + " ms",
                    f(32 * score(shortB), 0) + pm(32 * err(shortB), 0) + " texts/s",
                    f(32 * score(code), 1) + pm(32 * err(code), 1) + " texts/s",
                    f(p(hit, "50.0"), 1) + " µs", load == null ? "-" : f(score(load), 0) + " ms");
        }
        tables.append("\nHYBRID embeds every text with both models (TEXT + CODE vectors). Throughput ± is JMH's 99.9 % "
                + "error. Cold load: first `load(domain)` in a fresh JVM (ONNX Runtime start, session from the extracted "
                + "file, one warm-up run), mean of the forks.\n");

        JsonNode peerBatch = find(jmh, "langchain4jBatch32Short", null);
        JsonNode peerSingle = find(jmh, "langchain4jSingleQuery", null);
        JsonNode ourBatch = find(jmh, "batch32Short", "TEXT");
        JsonNode ourSingle = find(jmh, "singleQuery", "TEXT");
        JsonNode ourHit = find(jmh, "cacheHit", "TEXT");
        h("TEXT side by side with LangChain4j (same run, same model all-MiniLM-L6-v2, same 32 short sentences)");
        row("figure", "Mnemo", "LangChain4j", "ratio", "target", "met");
        row("---", "---:", "---:", "---:", "---", "---");
        double ratio = score(ourBatch) / score(peerBatch);
        row("32 short sentences, texts/s", f(32 * score(ourBatch), 0), f(32 * score(peerBatch), 0), f(ratio, 2) + "x",
                ">= 1.5x", ratio >= 1.5 ? "yes" : "NO");
        row("single short query p50", f(p(ourSingle, "50.0"), 2) + " ms", f(p(peerSingle, "50.0"), 2) + " ms",
                f(p(peerSingle, "50.0") / p(ourSingle, "50.0"), 2) + "x faster", "<= 5 ms",
                p(ourSingle, "50.0") <= 5 ? "yes" : "NO");
        row("cache hit p50", f(p(ourHit, "50.0"), 1) + " µs", "(no cache)", "", "<= 50 µs",
                p(ourHit, "50.0") <= 50 ? "yes" : "NO");
        tables.append("\nThe sentences are ~17 tokens: under LangChain4j's 128-token truncation, so both embed the same "
                + "tokens. LangChain4j's single query uses `embed(String)`; its `embedAll` runs texts in parallel on "
                + "its own executor (one per core).\n");
    }

    private void memory() throws IOException {
        JsonNode m = read("memory.json");
        if (m == null) {
            return;
        }
        h("Memory (one fresh JVM per case, " + m.get("probe_jvm").asString() + ")");
        row("case", "model memory (peak RSS growth)", "right after load", "process RSS peak", "JVM baseline",
                "service's own estimate", "texts run");
        row("---", "---:", "---:", "---:", "---:", "---:", "---:");
        for (String c : List.of("TEXT", "CODE", "BOTH")) {
            JsonNode r = m.get(c);
            if (r == null) {
                continue;
            }
            row(c, r.get("model_memory_mb").asLong() + " MB", r.get("model_memory_after_load_mb").asLong() + " MB",
                    r.get("max_rss_mb").asLong() + " MB", r.get("baseline_rss_mb").asLong() + " MB",
                    r.get("service_estimated_models_mb").asLong() + " MB", Long.toString(r.get("texts").asLong()));
        }
        tables.append("\nModel memory = highest VmRSS sampled after each batch minus VmRSS before any model was loaded "
                + "(the heap is fixed and pre-touched, so it is in the baseline). Batches per round: 32 short sentences "
                + "per model, 32 ~240-token prose paragraphs (TEXT), 32 ~240-token code snippets (CODE), and for BOTH "
                + "32 snippets as HYBRID. The service's estimate is `stats().estimatedModelsMb()` (RSS growth over each "
                + "load + one warm-up text). Budget: 1024 MB for both.\n");
    }

    private void gate() throws IOException {
        JsonNode g = read("gate.json");
        if (g == null) {
            return;
        }
        h("Gate (scripts/bench.sh gate) in this run");
        row("check", "value", "limit", "result");
        row("---", "---:", "---:", "---");
        for (JsonNode c : g.get("checks")) {
            double v = c.get("value").asDouble();
            double l = c.get("limit").asDouble();
            row(c.get("figure").asString() + " [" + c.get("case").asString() + "]", f(v, v == Math.rint(v) ? 0 : 2),
                    f(l, l == Math.rint(l) ? 0 : 2), c.get("ok").asBoolean() ? "pass" : "FAIL");
        }
        tables.append("\n");
        row("ratio (interleaved rounds)", "median", "min", "max", "ours texts/s", "reference texts/s");
        row("---", "---:", "---:", "---:", "---:", "---:");
        g.get("ratios").properties().forEach(e -> {
            JsonNode r = e.getValue();
            row(e.getKey(), f(r.get("median").asDouble(), 2) + "x", f(r.get("min").asDouble(), 2),
                    f(r.get("max").asDouble(), 2), f(r.get("ours_per_s").asDouble(), 0),
                    f(r.get("reference_per_s").asDouble(), 0));
        });
    }

    private void store() throws IOException {
        JsonNode s = read("store.json");
        if (s == null) {
            return;
        }
        h("Store: Mnemo vs LangChain4j PgVectorEmbeddingStore (" + s.get("rows").asLong() + " rows, 384-d, same PostgreSQL, same run)");
        tables.append("\nPostgreSQL: ").append(s.path("server").asString()).append("; ")
                .append(s.get("queries").asLong()).append(" queries; recall@10 against exact search.\n\n");
        row("ingest", "Mnemo", "LangChain4j", "ratio");
        row("---", "---:", "---:", "---:");
        JsonNode in = s.get("ingest");
        for (JsonNode r : in) {
            row(r.get("figure").asString(), r.get("ours").asString(), r.get("peer").asString(), r.get("ratio").asString());
        }
        tables.append("\n");
        row("search top-10", "p50", "p95", "recall@10", "index");
        row("---", "---:", "---:", "---:", "---");
        for (JsonNode r : s.get("search")) {
            row(r.get("name").asString(), f(r.get("p50_ms").asDouble(), 2) + " ms", f(r.get("p95_ms").asDouble(), 2) + " ms",
                    f(r.get("recall").asDouble(), 3), r.get("index").asString());
        }
        if (s.has("ratios")) {
            tables.append("\n");
            for (JsonNode r : s.get("ratios")) {
                tables.append("- ").append(r.asString()).append('\n');
            }
        }
        if (s.has("notes")) {
            tables.append("\n");
            for (JsonNode r : s.get("notes")) {
                tables.append("- ").append(r.asString()).append('\n');
            }
        }
    }

    private void h(String title) {
        tables.append("\n### ").append(title).append("\n\n");
    }

    private void row(String... cells) {
        tables.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    static String pm(double error, int decimals) {
        return Double.isNaN(error) ? "" : " ± " + f(error, decimals);
    }

    static String f(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", v).replace(",", " ");
    }

    static String machine() {
        List<String> parts = new ArrayList<>();
        try {
            String model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            parts.add(Runtime.getRuntime().availableProcessors() + " cores (" + model + ")");
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GB RAM").orElse("?");
            parts.add(mem);
        } catch (IOException | RuntimeException e) {
            parts.add(Runtime.getRuntime().availableProcessors() + " cores");
        }
        parts.add("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        parts.add(System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return String.join(", ", parts);
    }
}
