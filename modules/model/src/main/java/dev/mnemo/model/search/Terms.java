package dev.mnemo.model.search;

import java.util.Map;

/** A text as the lexical index sees it: its terms with their frequencies, and its length in token positions. */
public record Terms(Map<String, Integer> frequencies, int length) {

    public static final Terms NONE = new Terms(Map.of(), 0);

    public Terms {
        frequencies = Map.copyOf(frequencies);
    }

    public boolean isEmpty() {
        return frequencies.isEmpty();
    }
}
