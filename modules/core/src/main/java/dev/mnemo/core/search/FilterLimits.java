package dev.mnemo.core.search;

/**
 * Bounds on a filter, checked while parsing (before any recursion goes deeper), so a depth bomb or a huge $in list
 * costs a 400, never a stack overflow or a 65 535-parameter statement.
 */
public record FilterLimits(int maxDepth, int maxNodes, int maxListValues, int maxStringLength, int maxKeyLength) {

    public static final FilterLimits DEFAULTS = new FilterLimits(8, 128, 1000, 4096, 256);

    public FilterLimits {
        if (maxDepth < 1 || maxNodes < 1 || maxListValues < 1 || maxStringLength < 1 || maxKeyLength < 1) {
            throw new IllegalArgumentException("filter limits must be positive");
        }
    }
}
