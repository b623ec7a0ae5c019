package dev.mnemo.code;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The languages Mnemo cuts by syntax (a tree-sitter grammar each), markdown (by headings), and plain text (windows). */
public enum Language {
    JAVA(true), PYTHON(true), JAVASCRIPT(true), TYPESCRIPT(true), TSX(true), GO(true), RUST(true),
    MARKDOWN(false), TEXT(false);

    private static final Map<String, Language> BY_EXTENSION = Map.ofEntries(
            Map.entry("java", JAVA), Map.entry("py", PYTHON), Map.entry("pyi", PYTHON),
            Map.entry("js", JAVASCRIPT), Map.entry("mjs", JAVASCRIPT), Map.entry("cjs", JAVASCRIPT),
            Map.entry("jsx", JAVASCRIPT), Map.entry("ts", TYPESCRIPT), Map.entry("mts", TYPESCRIPT),
            Map.entry("cts", TYPESCRIPT), Map.entry("tsx", TSX), Map.entry("go", GO), Map.entry("rs", RUST),
            Map.entry("md", MARKDOWN), Map.entry("markdown", MARKDOWN),
            // Text worth indexing by windows: build files, configuration, other languages without a grammar here.
            Map.entry("txt", TEXT), Map.entry("rst", TEXT), Map.entry("adoc", TEXT), Map.entry("xml", TEXT),
            Map.entry("yml", TEXT), Map.entry("yaml", TEXT), Map.entry("toml", TEXT), Map.entry("json", TEXT),
            Map.entry("properties", TEXT), Map.entry("gradle", TEXT), Map.entry("kt", TEXT), Map.entry("kts", TEXT),
            Map.entry("scala", TEXT), Map.entry("c", TEXT), Map.entry("h", TEXT), Map.entry("cc", TEXT),
            Map.entry("cpp", TEXT), Map.entry("hpp", TEXT), Map.entry("cs", TEXT), Map.entry("rb", TEXT),
            Map.entry("php", TEXT), Map.entry("swift", TEXT), Map.entry("sh", TEXT), Map.entry("sql", TEXT),
            Map.entry("html", TEXT), Map.entry("css", TEXT), Map.entry("proto", TEXT));

    private final boolean syntax;

    Language(boolean syntax) {
        this.syntax = syntax;
    }

    /** Whether a grammar cuts this language into definitions. */
    public boolean syntax() {
        return syntax;
    }

    /** The word stored and shown: {@code java}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The language of a file by its name; empty for a file Mnemo does not index (images, archives, unknown). */
    public static Optional<Language> of(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.equals("readme") || name.equals("license") || name.equals("makefile") || name.equals("dockerfile")) {
            return Optional.of(TEXT);
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : Optional.ofNullable(BY_EXTENSION.get(name.substring(dot + 1)));
    }
}
