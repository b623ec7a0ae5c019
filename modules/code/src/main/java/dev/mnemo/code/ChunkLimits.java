package dev.mnemo.code;

/**
 * How big a chunk may be: {@code maxTokens} of the CODE model (its limit less a margin for special tokens), and the
 * windows of plain text: {@code windowLines} long, overlapping by {@code overlapLines}.
 */
public record ChunkLimits(int maxTokens, int windowLines, int overlapLines) {

    public static final ChunkLimits DEFAULTS = new ChunkLimits(500, 60, 10);

    public ChunkLimits {
        if (maxTokens < 16 || windowLines < 1 || overlapLines < 0 || overlapLines >= windowLines) {
            throw new IllegalArgumentException("limits: maxTokens >= 16, windowLines >= 1, 0 <= overlap < windowLines");
        }
    }
}
