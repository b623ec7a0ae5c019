package dev.mnemo.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.model.code.Chunk;
import dev.mnemo.model.code.ChunkKind;
import dev.mnemo.model.code.EdgeKind;
import dev.mnemo.model.code.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The real tree-sitter grammars on samples of each language (with non-ASCII text before the definitions). */
class ChunkerTest {

    private final Chunker chunker = new Chunker(ChunkLimits.DEFAULTS, TokenCounter.APPROXIMATE);

    private static String sample(String name) throws IOException {
        try (InputStream in = ChunkerTest.class.getResourceAsStream("/samples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Chunk named(List<Chunk> chunks, String name) {
        Optional<Chunk> c = chunks.stream().filter(x -> name.equals(x.name())).findFirst();
        assertThat(c).as("a chunk named " + name + " in " + chunks.stream().map(Chunk::name).toList()).isPresent();
        return c.get();
    }

    private static List<String> calls(Chunk c) {
        return c.references().stream().filter(r -> r.kind() == EdgeKind.CALLS).map(Reference::name).toList();
    }

    @Test
    void javaDefinitionsCarryTheirJavadocSignatureAndCalls() throws IOException {
        String text = sample("Sample.java");
        List<Chunk> chunks = chunker.chunk(Language.JAVA, text);
        Chunk greet = named(chunks, "Greeter.greet");
        assertThat(greet.kind()).isEqualTo(ChunkKind.METHOD);
        assertThat(greet.symbol()).isEqualTo("greet");
        assertThat(greet.signature()).isEqualTo("public String greet(String who)");
        assertThat(greet.content()).startsWith("/**\n     * Greets someone.").contains("return format(who) + helper(1);");
        // Lines count from the doc comment, and agree with the file (UTF-8 before it: offsets are bytes).
        String[] lines = text.split("\n", -1);
        assertThat(lines[greet.startLine() - 1].strip()).isEqualTo("/**");
        assertThat(lines[greet.endLine() - 1].strip()).isEqualTo("}");
        assertThat(calls(greet)).containsExactlyInAnyOrder("format", "helper");
        Chunk greeter = named(chunks, "Greeter");
        assertThat(greeter.kind()).isEqualTo(ChunkKind.CLASS);
        assertThat(greeter.content()).as("the class is its skeleton: nested bodies left out")
                .contains("public String greet(String who) ...").doesNotContain("return format(who)")
                .contains("Ünïcødé 😀");
        assertThat(greeter.references()).contains(new Reference(EdgeKind.IMPLEMENTS, "Named"),
                new Reference(EdgeKind.CONTAINS, "Greeter.greet"));
        assertThat(named(chunks, "Named").kind()).isEqualTo(ChunkKind.INTERFACE);
        assertThat(named(chunks, "Greeter.Inner.run").references()).contains(new Reference(EdgeKind.CALLS, "greet"));
        Chunk module = chunks.get(0);
        assertThat(module.kind()).isEqualTo(ChunkKind.MODULE);
        assertThat(module.references()).contains(new Reference(EdgeKind.IMPORTS, "import java.util.List;"));
    }

    @Test
    void pythonMethodsKeepTheirDocstringAndClassesTheirBases() throws IOException {
        List<Chunk> chunks = chunker.chunk(Language.PYTHON, sample("sample.py"));
        Chunk greet = named(chunks, "Greeter.greet");
        assertThat(greet.kind()).isEqualTo(ChunkKind.METHOD);
        assertThat(calls(greet)).contains("helper", "upper");
        assertThat(named(chunks, "helper").kind()).isEqualTo(ChunkKind.FUNCTION);
        assertThat(named(chunks, "helper").content()).contains("\"\"\"");
        assertThat(named(chunks, "Greeter").references()).contains(new Reference(EdgeKind.EXTENDS, "Base"));
        assertThat(named(chunks, "Greeter.later.inner").kind()).isEqualTo(ChunkKind.FUNCTION);
    }

    @Test
    void goRustTypescriptAndJavascriptDefinitionsAreFound() throws IOException {
        List<Chunk> go = chunker.chunk(Language.GO, sample("sample.go"));
        assertThat(named(go, "Greeter.Greet").kind()).isEqualTo(ChunkKind.METHOD);
        assertThat(calls(named(go, "Greeter.Greet"))).contains("Sprintf", "helper");
        assertThat(named(go, "Named").kind()).isEqualTo(ChunkKind.INTERFACE);
        assertThat(named(go, "NewGreeter").content()).as("Go doc lines before the function").startsWith("//");

        List<Chunk> rust = chunker.chunk(Language.RUST, sample("sample.rs"));
        assertThat(named(rust, "Greet").kind()).isEqualTo(ChunkKind.INTERFACE);
        assertThat(named(rust, "Greeter.greet").kind()).isEqualTo(ChunkKind.METHOD);
        assertThat(calls(named(rust, "Greeter.greet"))).contains("format!");
        assertThat(named(rust, "helper").content()).as("a plain comment is not a doc").startsWith("fn helper");
        assertThat(rust.stream().filter(c -> "Greeter".equals(c.name())).findFirst().orElseThrow().content())
                .startsWith("/// A greeter.\n/// Second line.");

        List<Chunk> ts = chunker.chunk(Language.TYPESCRIPT, sample("sample.ts"));
        assertThat(named(ts, "Shape").kind()).isEqualTo(ChunkKind.INTERFACE);
        assertThat(calls(named(ts, "Greeter.greet"))).contains("add");
        assertThat(named(ts, "arrow").kind()).isEqualTo(ChunkKind.FUNCTION);
        assertThat(named(chunker.chunk(Language.TSX, sample("sample.tsx")), "App")).isNotNull();

        List<Chunk> js = chunker.chunk(Language.JAVASCRIPT, sample("sample.js"));
        assertThat(named(js, "add").content()).as("JSDoc kept with its function").startsWith("/**");
        assertThat(named(js, "Greeter.greet").kind()).isEqualTo(ChunkKind.METHOD);
    }

    @Test
    void aLongMethodIsCutAtStatementsWithItsSignatureOnEveryPart() {
        StringBuilder body = new StringBuilder("class Big {\n    /** Sums a lot. */\n    int sum(int x) {\n");
        for (int i = 0; i < 400; i++) {
            body.append("        x = x + compute").append(i).append("(x, \"some text to make it longer\");\n");
        }
        body.append("        return x;\n    }\n}\n");
        Chunker small = new Chunker(new ChunkLimits(300, 60, 10), TokenCounter.APPROXIMATE);
        List<Chunk> parts = small.chunk(Language.JAVA, body.toString()).stream()
                .filter(c -> "Big.sum".equals(c.name())).toList();
        assertThat(parts.size()).isGreaterThan(5);
        for (Chunk p : parts) {
            assertThat(TokenCounter.APPROXIMATE.count(p.content())).isLessThanOrEqualTo(300);
        }
        for (Chunk p : parts.subList(1, parts.size())) {
            assertThat(p.content()).startsWith("int sum(int x)\n");
        }
        // Together the parts cover the method, line after line, once.
        for (int i = 1; i < parts.size(); i++) {
            assertThat(parts.get(i).startLine()).isEqualTo(parts.get(i - 1).endLine() + 1);
        }
        assertThat(parts.get(parts.size() - 1).content()).contains("return x;");
        assertThat(calls(parts.get(0))).contains("compute0", "compute399");
    }

    @Test
    void markdownBySectionsAndOtherTextByOverlappingWindows() {
        String md = "# Title\nintro\n\n## Install\nrun make\n\n```\n# not a heading\n```\n## Use\ncall it\n";
        List<Chunk> sections = chunker.chunk(Language.MARKDOWN, md);
        assertThat(sections).extracting(Chunk::name).containsExactly("Title", "Install", "Use");
        assertThat(sections.get(1).content()).contains("# not a heading");
        assertThat(sections).allMatch(c -> c.kind() == ChunkKind.DOC);

        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 130; i++) {
            text.append("line ").append(i).append('\n');
        }
        List<Chunk> windows = chunker.chunk(Language.TEXT, text.toString());
        assertThat(windows).extracting(Chunk::startLine).containsExactly(1, 51, 101);
        assertThat(windows.get(0).endLine()).isEqualTo(60);
        assertThat(windows.get(1).content()).startsWith("line 51\n");
    }

    @Test
    void parsersRunInParallelThreads() throws Exception {
        String java = sample("Sample.java");
        List<Chunk> alone = chunker.chunk(Language.JAVA, java);
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Chunk>>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                runs.add(pool.submit(() -> chunker.chunk(Language.JAVA, java)));
            }
            for (Future<List<Chunk>> run : runs) {
                assertThat(run.get()).isEqualTo(alone);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClassTooLongEvenAsASkeletonIsCutWithoutItsMembersBodies() {
        StringBuilder java = new StringBuilder("class Many {\n");
        for (int i = 0; i < 60; i++) {
            java.append("    int method").append(i).append("(int x) {\n        return x * ").append(i)
                    .append(" + secretBody").append(i).append("();\n    }\n");
        }
        java.append("}\n");
        List<Chunk> chunks = new Chunker(new ChunkLimits(200, 60, 10), TokenCounter.APPROXIMATE)
                .chunk(Language.JAVA, java.toString());
        List<Chunk> parts = chunks.stream().filter(c -> "Many".equals(c.name())).toList();
        assertThat(parts.size()).isGreaterThan(1);
        assertThat(parts).allSatisfy(p -> assertThat(p.content()).doesNotContain("secretBody")
                .contains("int method"));
        assertThat(chunks.stream().filter(c -> c.kind() == ChunkKind.METHOD).count()).isEqualTo(60);
    }

    @Test
    void pathologicalInputsStayBounded() {
        // A syntax tree too deep to walk on a small stack: the file is still indexed (by windows).
        String deep = "var x = " + "a + ".repeat(5000) + "a;\n";
        List<List<Chunk>> out = new java.util.ArrayList<>();
        Thread t = new Thread(null, () -> out.add(chunker.chunk(Language.JAVASCRIPT, deep)), "small-stack", 256 * 1024);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).isNotEmpty();
        // A heading as long as a file is not repeated whole on every part.
        String md = "# " + "word ".repeat(3000) + "\n" + "text line\n".repeat(2000);
        List<Chunk> sections = chunker.chunk(Language.MARKDOWN, md);
        assertThat(sections.size()).isLessThan(200);
        assertThat(sections).allSatisfy(c -> assertThat(TokenCounter.APPROXIMATE.count(c.content()))
                .isLessThanOrEqualTo(ChunkLimits.DEFAULTS.maxTokens() + 110));
    }
}
