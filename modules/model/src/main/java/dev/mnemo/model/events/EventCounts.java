package dev.mnemo.model.events;

import java.util.Map;

/** Events with and without each vector, how many vectors each model produced (most first), and the graph's size. */
public record EventCounts(long events, long withText, long withCode, Map<String, Long> textModels,
                          Map<String, Long> codeModels, long nodes, long edges) {
}
