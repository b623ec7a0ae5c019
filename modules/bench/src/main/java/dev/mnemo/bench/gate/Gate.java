package dev.mnemo.bench.gate;

import dev.mnemo.bench.memory.MemoryRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CI gate ({@code scripts/bench.sh gate}): fails when the model memory with both domains loaded, measured in a
 * fresh JVM running real batches, exceeds the budget, or when a throughput ratio measured in this run falls below its
 * committed floor ({@code modules/bench/gate-floors.properties}). Ratios, not absolute rates: a slow or busy machine
 * slows both sides of a ratio alike, so the gate does not flake on machine noise.
 *
 * <pre>java -cp ... dev.mnemo.bench.gate.Gate &lt;floors.properties&gt; &lt;out-dir&gt;   (env MNEMO_BENCH_BUDGET_MB overrides)</pre>
 */
public final class Gate {

    public static final String BUDGET_ENV = "MNEMO_BENCH_BUDGET_MB";

    /** One checked figure; {@code atMost}: the value must not exceed the limit, else not fall below it. */
    public record Check(String figure, String caseName, double value, boolean atMost, double limit, String unit,
                        String limitSource) {

        public boolean ok() {
            return atMost ? value <= limit : value >= limit;
        }

        public String message() {
            String v = format(value);
            String l = format(limit);
            if (ok()) {
                return "ok   " + figure + " [" + caseName + "] = " + v + unit + (atMost ? " <= " : " >= ") + l + unit;
            }
            return "FAIL " + figure + " [" + caseName + "] = " + v + unit + (atMost ? " exceeds the limit " : " is below the floor ")
                    + l + unit + " (" + limitSource + ")";
        }
    }

    /** What the gate measured: the BOTH memory probe and the ratios. */
    public record Measurements(JsonNode memoryBoth, Map<String, Ratios.Ratio> ratios) {
    }

    /** The committed limits: budget and per-ratio floors ({@code floor.<ratio name>}). */
    public record Limits(long budgetMb, String budgetSource, Map<String, Double> floors) {

        public Limits withBudget(long mb, String source) {
            return new Limits(mb, source, floors);
        }

        public static Limits load(Path floorsFile, Map<String, String> env) throws IOException {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(floorsFile)) {
                p.load(in);
            }
            long budget = Long.parseLong(p.getProperty("budget.mb", "1024").trim());
            String source = "budget.mb in " + floorsFile.getFileName();
            String override = env.get(BUDGET_ENV);
            if (override != null && !override.isBlank()) {
                budget = Long.parseLong(override.trim());
                source = BUDGET_ENV + "=" + override.trim();
            }
            Map<String, Double> floors = new LinkedHashMap<>();
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("floor.")) {
                    floors.put(key.substring("floor.".length()), Double.parseDouble(p.getProperty(key).trim()));
                }
            }
            return new Limits(budget, source, floors);
        }
    }

    private Gate() {
    }

    public static Measurements measure(int memoryRounds, int ratioRounds, java.util.Collection<String> ratios)
            throws IOException, InterruptedException {
        JsonNode both = MemoryRun.measure("BOTH", memoryRounds);
        return new Measurements(both, Ratios.measure(ratioRounds, ratios));
    }

    /** The checks, in order; the gate passes when every one is ok. */
    public static List<Check> evaluate(Measurements m, Limits limits) {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("model memory with both domains loaded", "BOTH: TEXT+CODE after batches of 32",
                m.memoryBoth().get("model_memory_mb").asDouble(), true, limits.budgetMb(), " MB", limits.budgetSource()));
        limits.floors().forEach((name, floor) -> {
            Ratios.Ratio r = m.ratios().get(name);
            if (r == null) {
                throw new IllegalArgumentException("gate floor for unknown ratio '" + name + "'; known: " + m.ratios().keySet());
            }
            checks.add(new Check("throughput ratio " + name, "TEXT, 32 short sentences, median of " + r.rounds() + " rounds",
                    r.median(), false, floor, "x", "floor." + name + " in gate-floors.properties"));
        });
        return checks;
    }

    public static void main(String[] args) throws Exception {
        Path floors = Path.of(args.length > 0 ? args[0] : "modules/bench/gate-floors.properties");
        Path out = Path.of(args.length > 1 ? args[1] : "modules/bench/target/bench-results");
        Limits limits = Limits.load(floors, System.getenv());
        Measurements m = measure(2, 9, Ratios.names());
        List<Check> checks = evaluate(m, limits);

        ObjectNode json = JsonMapper.shared().createObjectNode();
        json.set("memory_both", m.memoryBoth());
        ObjectNode ratios = json.putObject("ratios");
        m.ratios().forEach((name, r) -> ratios.putObject(name).put("median", r.median()).put("min", r.min())
                .put("max", r.max()).put("ours_per_s", r.oursPerSec()).put("reference_per_s", r.refPerSec())
                .put("rounds", r.rounds()));
        var arr = json.putArray("checks");
        for (Check c : checks) {
            arr.addObject().put("figure", c.figure()).put("case", c.caseName()).put("value", c.value())
                    .put("limit", c.limit()).put("ok", c.ok()).put("message", c.message());
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("gate.json"), json.toPrettyString());

        System.out.println("== benchmark gate");
        System.out.printf(Locale.ROOT, "memory BOTH: process RSS %d MB (baseline %d MB, JVM heap pre-touched), model memory %d MB; service's own estimate %d MB%n",
                m.memoryBoth().get("max_rss_mb").asLong(), m.memoryBoth().get("baseline_rss_mb").asLong(),
                m.memoryBoth().get("model_memory_mb").asLong(), m.memoryBoth().get("service_estimated_models_mb").asLong());
        m.ratios().forEach((name, r) -> System.out.printf(Locale.ROOT,
                "ratio %s: median %.2fx (min %.2f, max %.2f) ours %.0f texts/s vs reference %.0f texts/s%s%n", name,
                r.median(), r.min(), r.max(), r.oursPerSec(), r.refPerSec(),
                limits.floors().containsKey(name) ? "" : " (reported, not gated)"));
        boolean ok = true;
        for (Check c : checks) {
            System.out.println(c.message());
            ok &= c.ok();
        }
        if (!ok) {
            System.err.println("benchmark gate FAILED");
            System.exit(1);
        }
        System.out.println("benchmark gate passed");
    }

    static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
