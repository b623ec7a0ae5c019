package dev.mnemo.bench.memory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Starts {@link MemoryProbe} in a fresh JVM per case and returns what it measured. */
public final class MemoryRun {

    public static final List<String> PROBE_JVM = List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch");

    private MemoryRun() {
    }

    /** Measures TEXT, CODE and BOTH, each in a fresh JVM, into {@code <out>/memory.json}. Args: out-dir [rounds]. */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "modules/bench/target/bench-results");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        tools.jackson.databind.node.ObjectNode all = JsonMapper.shared().createObjectNode();
        all.put("probe_jvm", String.join(" ", PROBE_JVM));
        for (String which : List.of("TEXT", "CODE", "BOTH")) {
            JsonNode r = measure(which, rounds);
            all.set(which, r);
            System.out.printf("memory %-4s: model memory %4d MB (after load %4d MB), process RSS max %4d MB, baseline %d MB%n",
                    which, r.get("model_memory_mb").asLong(), r.get("model_memory_after_load_mb").asLong(),
                    r.get("max_rss_mb").asLong(), r.get("baseline_rss_mb").asLong());
        }
        java.nio.file.Files.createDirectories(out);
        java.nio.file.Files.writeString(out.resolve("memory.json"), all.toPrettyString());
    }

    /**
     * This JVM's classpath as one manifest-only jar. A long {@code -cp} string made ONNX Runtime 1.29 + DJL crash the
     * JVM here (SIGSEGV at model load with a classpath over ~2 KB), and surefire hands its forks the full classpath.
     */
    static synchronized Path shortClassPath() throws IOException {
        String cp = System.getProperty("java.class.path");
        StringBuilder urls = new StringBuilder();
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                urls.append(Path.of(entry).toAbsolutePath().toUri().toURL().toExternalForm()).append(' ');
            }
        }
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, urls.toString().trim());
        Path jar = java.nio.file.Files.createTempFile("mnemo-bench-classpath", ".jar");
        jar.toFile().deleteOnExit();
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar), manifest)) {
            // manifest only
        }
        return jar;
    }

    /** The probe's JSON for one case (TEXT, CODE or BOTH). */
    public static JsonNode measure(String which, int rounds) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(PROBE_JVM);
        cmd.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        cmd.add("-cp");
        cmd.add(shortClassPath().toString());
        cmd.add(MemoryProbe.class.getName());
        cmd.add(which);
        cmd.add(Integer.toString(rounds));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        String home = System.getProperty("user.home");
        pb.environment().putIfAbsent("DJL_CACHE_DIR", home + "/.cache/mnemo/djl");
        pb.environment().putIfAbsent("DJL_OFFLINE", "true");
        Process p = pb.start();
        StringBuilder log = new StringBuilder();
        String result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith(MemoryProbe.PREFIX)) {
                    result = line.substring(MemoryProbe.PREFIX.length());
                } else {
                    log.append(line).append('\n');
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("memory probe " + which + " did not finish in 10 minutes");
        }
        if (p.exitValue() != 0 || result == null) {
            throw new IOException("memory probe " + which + " failed (exit " + p.exitValue() + "):\n" + log);
        }
        return JsonMapper.shared().readTree(result);
    }
}
