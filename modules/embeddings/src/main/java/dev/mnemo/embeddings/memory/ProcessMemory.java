package dev.mnemo.embeddings.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The process's resident set size. Native memory (ONNX weights, arenas) is invisible to the JVM; RSS sees it. */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {
    }

    /** VmRSS in MiB, when /proc is available (Linux); empty elsewhere. */
    public static OptionalLong rssMb() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                    return OptionalLong.of(kb / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc hidden: callers fall back to estimates
        }
        return OptionalLong.empty();
    }

    public static long jvmHeapUsedMb() {
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
    }
}
