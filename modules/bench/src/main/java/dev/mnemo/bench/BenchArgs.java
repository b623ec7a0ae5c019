package dev.mnemo.bench;

import java.util.HashMap;
import java.util.Map;

/** The harnesses' command line: {@code key=value} words; a bare {@code key} means {@code key=true}. */
public final class BenchArgs {

    private BenchArgs() {
    }

    public static Map<String, String> parse(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        return a;
    }
}
