package dev.mnemo.model.code;

import java.util.List;

/**
 * The chunks that call a symbol (callers) or that it calls (callees), each with its distance in calls (1: direct),
 * and the names it calls that no indexed chunk defines (library and language calls), for callees.
 */
public record CallGraph(String symbol, String direction, List<Step> steps, List<String> unresolved) {

    /** One chunk at {@code depth} calls from the symbol. */
    public record Step(int depth, CodeHit chunk) {
    }
}
