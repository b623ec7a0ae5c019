package dev.mnemo.code;

import dev.mnemo.model.code.Chunk;
import dev.mnemo.model.code.ChunkKind;
import dev.mnemo.model.code.EdgeKind;
import dev.mnemo.model.code.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.treesitter.TSLanguage;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSTree;
import org.treesitter.TreeSitterGo;
import org.treesitter.TreeSitterJava;
import org.treesitter.TreeSitterJavascript;
import org.treesitter.TreeSitterPython;
import org.treesitter.TreeSitterRust;
import org.treesitter.TreeSitterTsx;
import org.treesitter.TreeSitterTypescript;

/**
 * Chunks by syntax with tree-sitter: each definition (class, interface, function, method; struct, trait, impl ...)
 * becomes a chunk with its doc comment (Javadoc/JSDoc before it, Go and Rust doc lines before it, a Python docstring
 * inside it), its qualified name, its signature, and the names it calls; a definition that holds others becomes
 * its skeleton (nested bodies left out, their signatures kept) so no code is embedded twice; imports make a MODULE
 * chunk; code outside any definition becomes windows. A definition longer than the token limit is cut at its
 * statements, the signature repeated on every part. Node types per grammar were read off the parsers themselves.
 *
 * <p>Offsets: tree-sitter counts UTF-8 bytes, so text is cut from the file's bytes, never from the Java string.
 * One parser per thread (a parser is not thread-safe); trees are freed as soon as the file is done.
 */
final class SyntaxChunker {

    private record Grammar(TSLanguage language, Map<String, ChunkKind> definitions, Set<String> calls,
                           Set<String> imports, Set<String> comments) {
    }

    private static final Map<Language, Grammar> GRAMMARS = new EnumMap<>(Language.class);

    static {
        Set<String> jsCalls = Set.of("call_expression", "new_expression");
        Map<String, ChunkKind> js = Map.of("function_declaration", ChunkKind.FUNCTION,
                "generator_function_declaration", ChunkKind.FUNCTION, "class_declaration", ChunkKind.CLASS,
                "method_definition", ChunkKind.METHOD, "variable_declarator", ChunkKind.FUNCTION);
        Map<String, ChunkKind> ts = new java.util.HashMap<>(js);
        ts.putAll(Map.of("abstract_class_declaration", ChunkKind.CLASS, "interface_declaration", ChunkKind.INTERFACE,
                "enum_declaration", ChunkKind.CLASS, "internal_module", ChunkKind.MODULE,
                "method_signature", ChunkKind.METHOD, "abstract_method_signature", ChunkKind.METHOD));
        GRAMMARS.put(Language.JAVA, new Grammar(new TreeSitterJava(), Map.of(
                "class_declaration", ChunkKind.CLASS, "interface_declaration", ChunkKind.INTERFACE,
                "enum_declaration", ChunkKind.CLASS, "record_declaration", ChunkKind.CLASS,
                "annotation_type_declaration", ChunkKind.INTERFACE, "method_declaration", ChunkKind.METHOD,
                "constructor_declaration", ChunkKind.METHOD),
                Set.of("method_invocation", "object_creation_expression"), Set.of("import_declaration"),
                Set.of("block_comment", "line_comment")));
        GRAMMARS.put(Language.PYTHON, new Grammar(new TreeSitterPython(), Map.of(
                "class_definition", ChunkKind.CLASS, "function_definition", ChunkKind.FUNCTION),
                Set.of("call"), Set.of("import_statement", "import_from_statement"), Set.of("comment")));
        GRAMMARS.put(Language.JAVASCRIPT, new Grammar(new TreeSitterJavascript(), js, jsCalls,
                Set.of("import_statement"), Set.of("comment")));
        GRAMMARS.put(Language.TYPESCRIPT, new Grammar(new TreeSitterTypescript(), Map.copyOf(ts), jsCalls,
                Set.of("import_statement"), Set.of("comment")));
        GRAMMARS.put(Language.TSX, new Grammar(new TreeSitterTsx(), Map.copyOf(ts), jsCalls,
                Set.of("import_statement"), Set.of("comment")));
        GRAMMARS.put(Language.GO, new Grammar(new TreeSitterGo(), Map.of(
                "function_declaration", ChunkKind.FUNCTION, "method_declaration", ChunkKind.METHOD,
                "type_spec", ChunkKind.CLASS),
                Set.of("call_expression"), Set.of("import_declaration"), Set.of("comment")));
        GRAMMARS.put(Language.RUST, new Grammar(new TreeSitterRust(), Map.of(
                "function_item", ChunkKind.FUNCTION, "function_signature_item", ChunkKind.FUNCTION,
                "struct_item", ChunkKind.CLASS, "enum_item", ChunkKind.CLASS, "union_item", ChunkKind.CLASS,
                "trait_item", ChunkKind.INTERFACE, "impl_item", ChunkKind.CLASS, "mod_item", ChunkKind.MODULE),
                Set.of("call_expression", "macro_invocation"), Set.of("use_declaration"),
                Set.of("line_comment", "block_comment")));
    }

    private static final ThreadLocal<TSParser> PARSERS = ThreadLocal.withInitial(TSParser::new);

    private final Language language;
    private final Grammar grammar;
    private final byte[] src;
    private final String[] lines;
    private final Packer packer;
    private final List<Chunk> chunks = new ArrayList<>();
    /** Lines some chunk covers (1-based); the rest of a file becomes windows. */
    private final boolean[] covered;

    private SyntaxChunker(Language language, String text, ChunkLimits limits, TokenCounter tokens) {
        this.language = language;
        this.grammar = GRAMMARS.get(language);
        this.src = text.getBytes(StandardCharsets.UTF_8);
        this.lines = TextChunker.lines(text);
        this.packer = new Packer(lines, tokens, limits.maxTokens());
        this.covered = new boolean[lines.length + 2];
    }

    static List<Chunk> chunk(Language language, String text, ChunkLimits limits, TokenCounter tokens) {
        SyntaxChunker c = new SyntaxChunker(language, text, limits, tokens);
        if (c.grammar == null) {
            return List.of();
        }
        TSParser parser = PARSERS.get();
        parser.setLanguage(c.grammar.language());
        TSTree tree = parser.parseString(null, text);
        try {
            TSNode root = tree.getRootNode();
            c.module(root);
            c.walk(root, List.of());
        } finally {
            tree.close();
        }
        if (c.chunks.isEmpty()) {
            return List.of();
        }
        c.uncovered(limits, tokens);
        c.chunks.sort((a, b) -> a.startLine() != b.startLine() ? Integer.compare(a.startLine(), b.startLine())
                : Integer.compare(b.endLine(), a.endLine()));
        return c.chunks;
    }

    // ---- definitions ----------------------------------------------------------------------------------------

    private void walk(TSNode node, List<String> scope) {
        int count = node.getNamedChildCount();
        for (int i = 0; i < count; i++) {
            TSNode child = node.getNamedChild(i);
            ChunkKind kind = kindOf(child);
            if (kind == null) {
                walk(child, scope);
                continue;
            }
            String name = nameOf(child);
            List<String> inner = new ArrayList<>(scope);
            inner.add(name);
            definition(child, kind, scope, name);
            walk(child, inner);
        }
    }

    private void definition(TSNode node, ChunkKind kind, List<String> scope, String name) {
        String qualified = String.join(".", scopePlus(scope, name));
        int[] doc = docOf(node);
        int startByte = doc != null && doc[0] < node.getStartByte() ? doc[0] : node.getStartByte();
        int startLine = row(startByte);
        int endLine = node.getEndPoint().getRow() + 1;
        String signature = signature(node);
        Set<Reference> refs = new LinkedHashSet<>();
        List<TSNode> nested = new ArrayList<>();
        collect(node, refs, nested, true);
        for (TSNode n : nested) {
            refs.add(new Reference(EdgeKind.CONTAINS, qualified + "." + nameOf(n)));
        }
        heritage(node, refs);
        String content;
        if (nested.isEmpty()) {
            content = text(startByte, node.getEndByte());
        } else {
            content = skeleton(startByte, node.getEndByte(), nested);
        }
        for (int l = startLine; l <= endLine; l++) {
            covered[l] = true;
        }
        if (packer.fits(content)) {
            chunks.add(new Chunk(kind, qualified, name, signature, startLine, endLine, content, List.copyOf(refs)));
            return;
        }
        if (!nested.isEmpty()) {
            // A container too long even as a skeleton: cut the skeleton (never its members' bodies, which are
            // chunks of their own) by its lines; each part is placed on the container's lines.
            String[] own = content.split("\n", -1);
            Packer skeleton = packer.over(own);
            List<int[]> each = new ArrayList<>();
            for (int l = 1; l <= own.length; l++) {
                each.add(new int[] {l, l});
            }
            List<Packer.Part> parts = skeleton.pack(1, own.length, each, signature);
            for (Packer.Part p : parts) {
                chunks.add(new Chunk(kind, qualified, name, signature, startLine, endLine, p.content(),
                        p == parts.get(0) ? List.copyOf(refs) : List.of()));
            }
            return;
        }
        // Too long: cut at the statements of its body, the signature on every part.
        TSNode body = field(node, "body");
        List<int[]> units = new ArrayList<>();
        if (body != null) {
            for (int i = 0; i < body.getNamedChildCount(); i++) {
                TSNode s = body.getNamedChild(i);
                units.add(new int[] {s.getStartPoint().getRow() + 1, s.getEndPoint().getRow() + 1});
            }
        }
        List<Packer.Part> parts = packer.pack(startLine, endLine, units, signature);
        for (Packer.Part p : parts) {
            // Each part names what it calls itself; the definition's other edges go with the first part.
            chunks.add(new Chunk(kind, qualified, name, signature, p.startLine(), p.endLine(), p.content(),
                    p == parts.get(0) ? List.copyOf(refs) : List.of()));
        }
    }

    private static List<String> scopePlus(List<String> scope, String name) {
        List<String> all = new ArrayList<>(scope);
        all.add(name);
        return all;
    }

    /** Calls (not inside nested definitions), and the nested definitions themselves. */
    private void collect(TSNode node, Set<Reference> refs, List<TSNode> nested, boolean root) {
        if (!root && kindOf(node) != null) {
            nested.add(node);
            return;
        }
        if (grammar.calls().contains(node.getType())) {
            String callee = callee(node);
            if (callee != null && !callee.isBlank() && callee.length() < 200) {
                refs.add(new Reference(EdgeKind.CALLS, callee));
            }
        }
        int count = node.getNamedChildCount();
        for (int i = 0; i < count; i++) {
            collect(node.getNamedChild(i), refs, nested, false);
        }
    }

    /** The definition's text with each nested definition reduced to its signature: what the container adds. */
    private String skeleton(int startByte, int endByte, List<TSNode> nested) {
        StringBuilder out = new StringBuilder();
        int at = startByte;
        for (TSNode n : nested) {
            int[] doc = docOf(n);
            int from = doc != null && doc[0] < n.getStartByte() && doc[0] >= at ? doc[0] : n.getStartByte();
            if (from < at) {
                continue;
            }
            out.append(text(at, from)).append(signature(n)).append(" ...");
            at = n.getEndByte();
        }
        return out.append(text(at, endByte)).toString();
    }

    /** The header of a definition: its text up to the body, on one line, at most 300 characters. */
    private String signature(TSNode node) {
        TSNode body = field(node, "body");
        int end = body != null && body.getStartByte() > node.getStartByte() ? body.getStartByte() : node.getEndByte();
        String header = text(node.getStartByte(), end).strip().replaceAll("\\s*\\n\\s*", " ");
        if (body == null) {
            header = header.lines().findFirst().orElse(header);
        }
        return header.length() > 300 ? header.substring(0, 300) : header;
    }

    private void heritage(TSNode node, Set<Reference> refs) {
        if (language == Language.JAVA) {
            TSNode superclass = field(node, "superclass");
            if (superclass != null && superclass.getNamedChildCount() > 0) {
                refs.add(new Reference(EdgeKind.EXTENDS, baseName(text(superclass.getNamedChild(0)))));
            }
            TSNode interfaces = field(node, "interfaces");
            if (interfaces != null) {
                typeNames(interfaces, node.getType().equals("interface_declaration") ? EdgeKind.EXTENDS
                        : EdgeKind.IMPLEMENTS, refs);
            }
        } else if (language == Language.PYTHON) {
            TSNode bases = field(node, "superclasses");
            if (bases != null) {
                for (int i = 0; i < bases.getNamedChildCount(); i++) {
                    TSNode b = bases.getNamedChild(i);
                    if (b.getType().equals("identifier") || b.getType().equals("attribute")) {
                        refs.add(new Reference(EdgeKind.EXTENDS, baseName(text(b))));
                    }
                }
            }
        }
    }

    private void typeNames(TSNode node, EdgeKind kind, Set<Reference> refs) {
        String type = node.getType();
        if (type.equals("type_identifier") || type.equals("scoped_type_identifier") || type.equals("generic_type")) {
            refs.add(new Reference(kind, baseName(text(node))));
            return;
        }
        for (int i = 0; i < node.getNamedChildCount(); i++) {
            typeNames(node.getNamedChild(i), kind, refs);
        }
    }

    /** {@code java.util.List<String>} -> {@code List}: what a definition of that type is named. */
    private static String baseName(String type) {
        String t = type.replaceAll("<.*", "").strip();
        int dot = t.lastIndexOf('.');
        return dot < 0 ? t : t.substring(dot + 1);
    }

    // ---- imports and the rest of the file -----------------------------------------------------------------------

    /** Imports (with the package line before them) as one MODULE chunk naming what is imported. */
    private void module(TSNode root) {
        List<TSNode> imports = new ArrayList<>();
        for (int i = 0; i < root.getNamedChildCount(); i++) {
            TSNode n = root.getNamedChild(i);
            if (grammar.imports().contains(n.getType())) {
                imports.add(n);
            }
        }
        if (imports.isEmpty()) {
            return;
        }
        int start = 1;
        int end = imports.get(imports.size() - 1).getEndPoint().getRow() + 1;
        Set<Reference> refs = new LinkedHashSet<>();
        for (TSNode n : imports) {
            String imported = text(n.getStartByte(), n.getEndByte()).strip().replaceAll("\\s+", " ");
            refs.add(new Reference(EdgeKind.IMPORTS, imported.length() > 200 ? imported.substring(0, 200) : imported));
        }
        String content = packer.text(start, end);
        for (int l = start; l <= end; l++) {
            covered[l] = true;
        }
        List<Packer.Part> parts = packer.fits(content) ? List.of(new Packer.Part(start, end, content))
                : packer.pack(start, end, List.of(), null);
        for (Packer.Part p : parts) {
            chunks.add(new Chunk(ChunkKind.MODULE, null, null, null, p.startLine(), p.endLine(), p.content(),
                    p == parts.get(0) ? List.copyOf(refs) : List.of()));
        }
    }

    /** Runs of lines no definition covers, with some code in them (scripts, constants): windows. */
    private void uncovered(ChunkLimits limits, TokenCounter tokens) {
        int l = 1;
        while (l <= lines.length) {
            if (covered[l] || lines[l - 1].isBlank()) {
                l++;
                continue;
            }
            int start = l;
            while (l <= lines.length && !covered[l]) {
                l++;
            }
            int end = l - 1;
            long code = Arrays.stream(lines, start - 1, end).filter(s -> !s.isBlank() && !s.strip().equals("}")).count();
            if (code >= 3) {
                for (Chunk w : TextChunker.windows(packer.text(start, end), limits, tokens)) {
                    chunks.add(new Chunk(ChunkKind.WINDOW, null, null, null, w.startLine() + start - 1,
                            w.endLine() + start - 1, w.content(), List.of()));
                }
            }
        }
    }

    // ---- the grammar's details ----------------------------------------------------------------------------------

    /** The chunk kind of a definition node, null for anything else. */
    private ChunkKind kindOf(TSNode n) {
        String type = n.getType();
        ChunkKind kind = grammar.definitions().get(type);
        if (kind == null) {
            return null;
        }
        switch (language) {
            case PYTHON -> {
                if (kind == ChunkKind.FUNCTION && enclosedByClass(n)) {
                    return ChunkKind.METHOD;
                }
            }
            case JAVASCRIPT, TYPESCRIPT, TSX -> {
                if (type.equals("variable_declarator")) {
                    TSNode value = field(n, "value");
                    String v = value == null ? "" : value.getType();
                    return v.equals("arrow_function") || v.equals("function_expression") || v.equals("generator_function")
                            ? ChunkKind.FUNCTION : null;
                }
            }
            case GO -> {
                if (type.equals("type_spec")) {
                    TSNode t = field(n, "type");
                    return t != null && t.getType().equals("interface_type") ? ChunkKind.INTERFACE : ChunkKind.CLASS;
                }
            }
            case RUST -> {
                if (kind == ChunkKind.FUNCTION && enclosedBy(n, Set.of("impl_item", "trait_item"))) {
                    return ChunkKind.METHOD;
                }
            }
            default -> {
            }
        }
        return kind;
    }

    private boolean enclosedByClass(TSNode n) {
        for (TSNode p = n.getParent(); p != null && !p.isNull(); p = p.getParent()) {
            if (p.getType().equals("class_definition")) {
                return true;
            }
            if (p.getType().equals("function_definition")) {
                return false;
            }
        }
        return false;
    }

    private static boolean enclosedBy(TSNode n, Set<String> types) {
        for (TSNode p = n.getParent(); p != null && !p.isNull(); p = p.getParent()) {
            if (types.contains(p.getType())) {
                return true;
            }
        }
        return false;
    }

    private String nameOf(TSNode n) {
        if (language == Language.RUST && n.getType().equals("impl_item")) {
            TSNode trait = field(n, "trait");
            return (trait != null ? text(trait) + " for " : "") + text(field(n, "type"));
        }
        if (language == Language.GO && n.getType().equals("method_declaration")) {
            TSNode receiver = field(n, "receiver");
            String type = receiver != null && receiver.getNamedChildCount() > 0
                    ? text(field(receiver.getNamedChild(0), "type")) : null;
            String name = text(field(n, "name"));
            return type == null ? name : type.replace("*", "") + "." + name;
        }
        TSNode name = field(n, "name");
        return name != null ? text(name) : "<anonymous>";
    }

    /** The name a call node calls (its last part: {@code a.b.run()} calls {@code run}). */
    private String callee(TSNode c) {
        return switch (language) {
            case JAVA -> c.getType().equals("object_creation_expression") ? baseName(text(field(c, "type")))
                    : text(field(c, "name"));
            case PYTHON -> {
                TSNode f = field(c, "function");
                yield f != null && f.getType().equals("attribute") ? text(field(f, "attribute")) : text(f);
            }
            case JAVASCRIPT, TYPESCRIPT, TSX -> {
                if (c.getType().equals("new_expression")) {
                    yield text(field(c, "constructor"));
                }
                TSNode f = field(c, "function");
                yield f != null && f.getType().equals("member_expression") ? text(field(f, "property")) : text(f);
            }
            case GO -> {
                TSNode f = field(c, "function");
                yield f != null && f.getType().equals("selector_expression") ? text(field(f, "field")) : text(f);
            }
            case RUST -> {
                if (c.getType().equals("macro_invocation")) {
                    yield text(field(c, "macro")) + "!";
                }
                TSNode f = field(c, "function");
                if (f == null) {
                    yield null;
                }
                yield switch (f.getType()) {
                    case "field_expression" -> text(field(f, "field"));
                    case "scoped_identifier" -> text(field(f, "name"));
                    default -> text(f);
                };
            }
            default -> null;
        };
    }

    /** The doc comment of a definition as [startByte, endByte], or null. */
    private int[] docOf(TSNode n) {
        if (language == Language.PYTHON) {
            return null; // the docstring is the body's first statement: already inside the definition
        }
        TSNode anchor = n;
        if (language == Language.JAVASCRIPT || language == Language.TYPESCRIPT || language == Language.TSX) {
            if (n.getType().equals("variable_declarator")) {
                anchor = n.getParent();
            }
            TSNode p = anchor.getParent();
            if (p != null && !p.isNull() && p.getType().equals("export_statement")) {
                anchor = p;
            }
        } else if (language == Language.GO && n.getType().equals("type_spec")) {
            TSNode declaration = n.getParent();
            if (declaration != null && declaration.getNamedChildCount() == 1) {
                anchor = declaration;
            }
        }
        List<TSNode> parts = new ArrayList<>();
        int expectRow = anchor.getStartPoint().getRow();
        TSNode s = anchor.getPrevSibling();
        while (s != null && !s.isNull()) {
            String type = s.getType();
            if (language == Language.RUST && type.equals("attribute_item")) {
                expectRow = s.getStartPoint().getRow();
                s = s.getPrevSibling();
                continue;
            }
            if (!grammar.comments().contains(type)) {
                break;
            }
            int endRow = s.getEndPoint().getRow()
                    - (s.getEndPoint().getColumn() == 0 && s.getEndByte() > s.getStartByte() ? 1 : 0);
            if (endRow < expectRow - 1) {
                break; // a blank line between: not this definition's
            }
            String text = text(s.getStartByte(), s.getEndByte());
            boolean doc = switch (language) {
                case JAVA, JAVASCRIPT, TYPESCRIPT, TSX -> text.startsWith("/**");
                case RUST -> text.startsWith("///") || text.startsWith("/**");
                case GO -> text.startsWith("//");
                default -> false;
            };
            if (!doc) {
                break;
            }
            parts.add(0, s);
            expectRow = s.getStartPoint().getRow();
            if (language != Language.GO && language != Language.RUST) {
                break;
            }
            s = s.getPrevSibling();
        }
        return parts.isEmpty() ? null : new int[] {parts.get(0).getStartByte(), parts.get(parts.size() - 1).getEndByte()};
    }

    // ---- text -----------------------------------------------------------------------------------------------

    private static TSNode field(TSNode n, String name) {
        if (n == null) {
            return null;
        }
        TSNode c = n.getChildByFieldName(name);
        return c == null || c.isNull() ? null : c;
    }

    private String text(TSNode n) {
        return n == null ? null : text(n.getStartByte(), n.getEndByte());
    }

    private String text(int startByte, int endByte) {
        return new String(src, startByte, Math.max(0, endByte - startByte), StandardCharsets.UTF_8);
    }

    /** The 1-based line of a byte offset. */
    private int row(int byteOffset) {
        int line = 1;
        for (int i = 0; i < byteOffset && i < src.length; i++) {
            if (src[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
