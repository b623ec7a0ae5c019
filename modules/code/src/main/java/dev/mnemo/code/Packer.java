package dev.mnemo.code;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a stretch of lines that is too long for the model into parts that fit: consecutive units (statements of a
 * body, lines of a section) packed greedily, never splitting a unit unless it alone is too long (then by lines, and a
 * single overlong line by characters). Each part after the first starts with {@code header} (the signature or the
 * heading), so every part says what it belongs to.
 */
final class Packer {

    /** One part: its lines in the file (1-based, inclusive) and its text (header included). */
    record Part(int startLine, int endLine, String content) {
    }

    private final String[] lines;
    private final TokenCounter tokens;
    private final int maxTokens;

    /** @param lines the file's lines, index 0 = line 1 */
    Packer(String[] lines, TokenCounter tokens, int maxTokens) {
        this.lines = lines;
        this.tokens = tokens;
        this.maxTokens = maxTokens;
    }

    /** A packer with the same limit over other lines (a skeleton's). */
    Packer over(String[] otherLines) {
        return new Packer(otherLines, tokens, maxTokens);
    }

    String text(int startLine, int endLine) {
        return String.join("\n", java.util.Arrays.asList(lines).subList(startLine - 1, endLine));
    }

    boolean fits(String text) {
        return tokens.count(text) <= maxTokens;
    }

    /**
     * Parts covering {@code startLine..endLine}; {@code units} are line ranges inside it ([start, end], in order; the
     * lines between them join the next unit). {@code header} may be null.
     */
    List<Part> pack(int startLine, int endLine, List<int[]> units, String header) {
        List<int[]> ranges = new ArrayList<>();
        int next = startLine;
        for (int[] u : units) {
            if (u[1] < next) {
                continue;
            }
            ranges.add(new int[] {next, Math.min(u[1], endLine)});
            next = u[1] + 1;
            if (next > endLine) {
                break;
            }
        }
        if (next <= endLine) {
            ranges.add(new int[] {next, endLine});
        }
        String prefix = header == null ? "" : header + "\n";
        int headerTokens = header == null ? 0 : tokens.count(prefix);
        List<Part> parts = new ArrayList<>();
        int partStart = -1;
        int partEnd = -1;
        int used = 0;
        for (int[] r : ranges) {
            int cost = tokens.count(text(r[0], r[1])) + 1;
            boolean first = parts.isEmpty() && partStart < 0;
            int budget = maxTokens - (first && r[0] == startLine ? 0 : headerTokens);
            if (partStart >= 0 && used + cost > budget) {
                parts.add(part(partStart, partEnd, parts.isEmpty() ? "" : prefix));
                partStart = -1;
                used = 0;
                budget = maxTokens - headerTokens;
            }
            if (cost > budget) {
                // One unit alone is too long: by lines.
                for (int line = r[0]; line <= r[1]; line++) {
                    int c = tokens.count(lines[line - 1]) + 1;
                    if (partStart >= 0 && used + c > maxTokens - headerTokens) {
                        parts.add(part(partStart, partEnd, parts.isEmpty() ? "" : prefix));
                        partStart = -1;
                        used = 0;
                    }
                    if (c > maxTokens - headerTokens) {
                        parts.addAll(cutLine(line, prefix, headerTokens));
                        continue;
                    }
                    if (partStart < 0) {
                        partStart = line;
                    }
                    partEnd = line;
                    used += c;
                }
                continue;
            }
            if (partStart < 0) {
                partStart = r[0];
            }
            partEnd = r[1];
            used += cost;
        }
        if (partStart >= 0) {
            parts.add(part(partStart, partEnd, parts.isEmpty() ? "" : prefix));
        }
        return parts;
    }

    private Part part(int start, int end, String prefix) {
        return new Part(start, end, prefix + text(start, end));
    }

    /** A single line longer than the budget (minified code, a data literal): pieces of it by characters. */
    private List<Part> cutLine(int line, String prefix, int headerTokens) {
        List<Part> parts = new ArrayList<>();
        String s = lines[line - 1];
        int budget = Math.max(8, maxTokens - headerTokens);
        int from = 0;
        while (from < s.length()) {
            int to = Math.min(s.length(), from + budget * 2);
            while (to > from + 1 && tokens.count(s.substring(from, to)) > budget) {
                to = from + (to - from) / 2;
            }
            parts.add(new Part(line, line, prefix + s.substring(from, to)));
            from = to;
        }
        return parts;
    }
}
