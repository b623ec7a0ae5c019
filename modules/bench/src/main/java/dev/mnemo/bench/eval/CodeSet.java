package dev.mnemo.bench.eval;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.printer.DefaultPrettyPrinter;
import com.github.javaparser.printer.configuration.DefaultConfigurationOption;
import com.github.javaparser.printer.configuration.DefaultPrinterConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Code: Java methods from sources jars of Maven Central (commons-lang3, commons-text, commons-collections4, Guava;
 * scripts/eval.sh fetches them). The query is the first sentence of a method's Javadoc, the right document that
 * method with every comment removed: what a developer asks, against what the code says.
 */
final class CodeSet {

    private CodeSet() {
    }

    static EvalSet load(List<Path> sourceJars, int maxDocuments, int maxQueries) throws IOException {
        JavaParser parser = new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(new DefaultPrinterConfiguration()
                .removeOption(new DefaultConfigurationOption(DefaultPrinterConfiguration.ConfigOption.PRINT_COMMENTS))
                .removeOption(new DefaultConfigurationOption(DefaultPrinterConfiguration.ConfigOption.PRINT_JAVADOC)));
        List<String> questions = new ArrayList<>();
        List<String> methods = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Path jar : sourceJars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    if (!entry.getName().endsWith(".java") || entry.getName().endsWith("package-info.java")) {
                        continue;
                    }
                    String source;
                    try (InputStream in = zip.getInputStream(entry)) {
                        source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    ParseResult<CompilationUnit> parsed = parser.parse(source);
                    if (parsed.getResult().isEmpty()) {
                        continue;
                    }
                    for (MethodDeclaration m : parsed.getResult().get().findAll(MethodDeclaration.class)) {
                        if (m.getJavadoc().isEmpty() || m.getBody().isEmpty()) {
                            continue;
                        }
                        String question = firstSentence(m.getJavadoc().get().getDescription().toText());
                        m.getAllContainedComments().forEach(Comment::remove);
                        String code = printer.print(m);
                        int lines = code.split("\n").length;
                        // Questions of a few words, bodies of a few lines and more; overloads that share their
                        // first sentence would have several right answers: the first one found is kept.
                        if (question.split("\\s+").length < 5 || lines < 4 || lines > 60 || !seen.add(question)) {
                            continue;
                        }
                        questions.add(question);
                        methods.add(code);
                    }
                }
            }
        }
        return EvalSet.sample("code", "Javadoc first sentence -> method without comments (" + sourceJars.size()
                + " sources jars, " + methods.size() + " methods)", "code", methods, questions, maxDocuments, maxQueries, 15);
    }

    /** The first sentence of a Javadoc description, tags and HTML removed. */
    static String firstSentence(String description) {
        String text = description.replaceAll("\\{@\\w+\\s+([^}]*)}", "$1").replaceAll("<[^>]+>", " ")
                .replaceAll("\\s+", " ").strip();
        int end = text.indexOf(". ");
        return (end > 0 ? text.substring(0, end + 1) : text).strip();
    }
}
