package dev.mnemo.bench.report;

/**
 * The part of docs/benchmarks.md that {@code make eval} writes (search quality), between two markers: the bench's
 * report keeps it when it rewrites the rest, and the evaluation replaces only it.
 */
public final class EvalBlock {

    static final String START = "<!-- make eval: start -->";
    static final String END = "<!-- make eval: end -->";

    private EvalBlock() {
    }

    /** The block of {@code doc}, markers included; null when there is none. */
    public static String of(String doc) {
        int start = doc.indexOf(START);
        int end = doc.indexOf(END);
        return start < 0 || end < start ? null : doc.substring(start, end + END.length()) + "\n";
    }

    public static String wrap(String text) {
        return START + "\n" + text + END + "\n";
    }

    /** {@code doc} with its block replaced by {@code text} (appended when it has none). */
    public static String replace(String doc, String text) {
        String old = of(doc);
        return old == null ? doc + "\n" + wrap(text) : doc.replace(old, wrap(text));
    }
}
