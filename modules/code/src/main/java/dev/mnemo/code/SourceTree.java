package dev.mnemo.code;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The files of a folder worth indexing, in path order: known languages only, without what git ignores
 * ({@code .gitignore} files at any depth), vendored or build output folders, generated files (by name, or a
 * "generated" / "DO NOT EDIT" marker in their first lines), binaries (a NUL byte, or not UTF-8) and files larger than
 * the limit. Symbolic links are not followed (a link out of the tree would index what is not the repository's).
 */
public final class SourceTree {

    /** Folders never indexed: version control, dependencies, build output, virtual environments, caches. */
    static final Set<String> SKIPPED_FOLDERS = Set.of(".git", ".hg", ".svn", "node_modules", "vendor", "third_party",
            "bower_components", "target", "build", "dist", "out", ".gradle", ".mvn", ".idea", ".vscode", "__pycache__",
            ".venv", "venv", ".tox", ".mypy_cache", ".pytest_cache", ".next", ".cache", "coverage");

    /** One file to index: its absolute location, its '/'-separated path in the tree, language and size. */
    public record SourceFile(Path file, String path, Language language, long size) {
    }

    private SourceTree() {
    }

    /** Lists the files to index below {@code root} (a folder), each at most {@code maxBytes} long. */
    public static List<SourceFile> list(Path root, long maxBytes) {
        Path base = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(base)) {
            throw new IllegalArgumentException(root + " is not a folder");
        }
        List<SourceFile> files = new ArrayList<>();
        // The .gitignore rules in force: one per folder on the way down, nearest last.
        Deque<Scope> scopes = new ArrayDeque<>();
        try {
            Files.walkFileTree(base, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(base) && (SKIPPED_FOLDERS.contains(dir.getFileName().toString())
                            || ignored(scopes, dir, true))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    scopes.addLast(new Scope(dir, IgnoreRules.parse(ignoreLines(dir.resolve(".gitignore")))));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!attrs.isRegularFile() || attrs.size() > maxBytes || generatedName(file.getFileName().toString())) {
                        return FileVisitResult.CONTINUE;
                    }
                    Optional<Language> language = Language.of(file.getFileName().toString());
                    if (language.isPresent() && !ignored(scopes, file, false)) {
                        String path = base.relativize(file).toString().replace('\\', '/');
                        files.add(new SourceFile(file, path, language.get(), attrs.size()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // unreadable: not indexed, the walk goes on
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    scopes.removeLast();
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort((a, b) -> a.path().compareTo(b.path()));
        return files;
    }

    /**
     * The file's text, or empty when it is not text to index: not UTF-8, a NUL byte (binary), or a generated-code
     * marker in its first five lines.
     */
    public static Optional<String> read(SourceFile f) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f.file());
        } catch (IOException e) {
            return Optional.empty();
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return Optional.empty();
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        String head = text.lines().limit(5).reduce("", (a, b) -> a + "\n" + b).toLowerCase(Locale.ROOT);
        if (head.contains("@generated") || head.contains("do not edit") || head.contains("code generated by")
                || head.contains("autogenerated") || head.contains("auto-generated")) {
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /** A folder's .gitignore lines: none when there is none or it cannot be read (any encoding is read leniently). */
    private static List<String> ignoreLines(Path gitignore) {
        if (!Files.isRegularFile(gitignore)) {
            return List.of();
        }
        try {
            return new String(Files.readAllBytes(gitignore), StandardCharsets.ISO_8859_1).lines().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean generatedName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".min.js") || n.endsWith(".min.css") || n.endsWith(".pb.go") || n.endsWith("_pb2.py")
                || n.endsWith("_pb2_grpc.py") || n.contains(".generated.") || n.endsWith(".lock")
                || n.equals("package-lock.json") || n.equals("yarn.lock") || n.equals("pnpm-lock.yaml");
    }

    private record Scope(Path folder, IgnoreRules rules) {
    }

    /** The nearest .gitignore that speaks of the path decides, as in git. */
    private static boolean ignored(Deque<Scope> scopes, Path path, boolean folder) {
        var it = scopes.descendingIterator();
        while (it.hasNext()) {
            Scope s = it.next();
            Boolean verdict = s.rules().ignored(s.folder().relativize(path).toString().replace('\\', '/'), folder);
            if (verdict != null) {
                return verdict;
            }
        }
        return false;
    }
}
