package dev.mnemo.bench.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Prose: Debian's package descriptions, from the archive's {@code Translation-en} file of the machine's release
 * (scripts/eval.sh fetches it: apt's own lists here carry only the synopses). The query is a package's one-line
 * synopsis, the right document its long description (the paragraphs after it): two texts by the same author about the
 * same thing, written for different readers, with few words in common.
 */
final class ProseSet {

    private ProseSet() {
    }

    static EvalSet load(Path translations, int maxDocuments, int maxQueries) throws IOException {
        List<String> synopses = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (BufferedReader in = Files.newBufferedReader(translations, StandardCharsets.UTF_8)) {
            String synopsis = null;
            StringBuilder body = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("Description-en:")) {
                    synopsis = line.substring("Description-en:".length()).strip();
                    body = new StringBuilder();
                } else if (body != null && line.startsWith(" ")) {
                    String text = line.strip();
                    body.append(text.equals(".") ? "\n" : text + " ");
                } else if (body != null) {
                    add(synopsis, body.toString().strip(), synopses, descriptions, seen);
                    synopsis = null;
                    body = null;
                }
            }
            if (body != null) {
                add(synopsis, body.toString().strip(), synopses, descriptions, seen);
            }
        }
        if (synopses.isEmpty()) {
            throw new IOException(translations + " holds no package descriptions (scripts/eval.sh fetches it)");
        }
        return EvalSet.sample("prose", "Debian package synopsis -> long description (" + translations.getFileName()
                + ", " + synopses.size() + " distinct packages)", "prose", descriptions, synopses, maxDocuments,
                maxQueries, 14);
    }

    /**
     * A pair is kept when the description says something (20+ words) and both texts are new: translations, -dbg and
     * -doc packages repeat their parent's words, and a repeated synopsis would have several right answers.
     */
    private static void add(String synopsis, String description, List<String> synopses, List<String> descriptions,
                            Set<String> seen) {
        if (synopsis == null || synopsis.split("\\s+").length < 3 || description.split("\\s+").length < 20) {
            return;
        }
        if (seen.add(synopsis.toLowerCase()) && seen.add(description)) {
            synopses.add(synopsis);
            descriptions.add(description);
        }
    }
}
