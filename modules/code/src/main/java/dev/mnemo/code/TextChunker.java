package dev.mnemo.code;

import dev.mnemo.model.code.Chunk;
import dev.mnemo.model.code.ChunkKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Files without a grammar: markdown by headings (each section a DOC chunk named by its heading, a long one in parts
 * that repeat the heading), anything else by windows of lines that overlap (a definition cut at a window's edge is
 * whole in the next one).
 */
final class TextChunker {

    private TextChunker() {
    }

    static List<Chunk> markdown(String text, ChunkLimits limits, TokenCounter tokens) {
        String[] lines = lines(text);
        Packer packer = new Packer(lines, tokens, limits.maxTokens());
        List<int[]> sections = new ArrayList<>();
        List<String> headings = new ArrayList<>();
        boolean fence = false;
        int start = 1;
        String heading = null;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].stripLeading();
            if (l.startsWith("```") || l.startsWith("~~~")) {
                fence = !fence;
            }
            if (!fence && l.matches("#{1,6}\\s.*") && i + 1 > start) {
                sections.add(new int[] {start, i});
                headings.add(heading);
                start = i + 1;
            }
            if (!fence && l.matches("#{1,6}\\s.*")) {
                heading = l.replaceFirst("#{1,6}\\s+", "").strip();
            }
        }
        sections.add(new int[] {start, Math.max(start, lines.length)});
        headings.add(heading);
        List<Chunk> chunks = new ArrayList<>();
        for (int s = 0; s < sections.size(); s++) {
            int[] sec = sections.get(s);
            if (packer.text(sec[0], sec[1]).isBlank()) {
                continue;
            }
            String h = headings.get(s);
            String header = h == null ? null : lines[sec[0] - 1];
            if (header != null && header.length() > 300) {
                header = header.substring(0, 300); // repeated on every part: a heading is not a paragraph
            }
            List<int[]> paragraphs = paragraphs(lines, sec[0], sec[1]);
            for (Packer.Part p : packer.pack(sec[0], sec[1], paragraphs, header)) {
                chunks.add(new Chunk(ChunkKind.DOC, h, null, header, p.startLine(), p.endLine(), p.content(), List.of()));
            }
        }
        return chunks;
    }

    static List<Chunk> windows(String text, ChunkLimits limits, TokenCounter tokens) {
        String[] lines = lines(text);
        Packer packer = new Packer(lines, tokens, limits.maxTokens());
        List<Chunk> chunks = new ArrayList<>();
        int step = limits.windowLines() - limits.overlapLines();
        for (int start = 1; start <= lines.length; start += step) {
            int end = Math.min(lines.length, start + limits.windowLines() - 1);
            if (!packer.text(start, end).isBlank()) {
                List<int[]> each = new ArrayList<>();
                for (int l = start; l <= end; l++) {
                    each.add(new int[] {l, l});
                }
                for (Packer.Part p : packer.pack(start, end, each, null)) {
                    chunks.add(new Chunk(ChunkKind.WINDOW, null, null, null, p.startLine(), p.endLine(), p.content(), List.of()));
                }
            }
            if (end == lines.length) {
                break;
            }
        }
        return chunks;
    }

    /** Blank-line separated blocks between {@code from} and {@code to}: a section's natural cutting points. */
    private static List<int[]> paragraphs(String[] lines, int from, int to) {
        List<int[]> out = new ArrayList<>();
        int start = from;
        for (int l = from; l <= to; l++) {
            if (lines[l - 1].isBlank() && l > start) {
                out.add(new int[] {start, l});
                start = l + 1;
            }
        }
        if (start <= to) {
            out.add(new int[] {start, to});
        }
        return out;
    }

    static String[] lines(String text) {
        String[] lines = text.split("\r?\n", -1);
        return lines.length == 0 ? new String[] {""} : lines;
    }
}
