package dev.mnemo.model.collections;

import java.util.Locale;
import java.util.Optional;

/**
 * A collection's distance function, by the name requests, responses and the catalog use: cosine (1 - cos), l2
 * (squared euclidean) or ip (1 - dot product). The store renders each with its pgvector operator.
 */
public enum Distance {
    COSINE("cosine"), L2("l2"), IP("ip");

    private final String wire;

    Distance(String wire) {
        this.wire = wire;
    }

    /** The name in requests, responses and the catalog: cosine, l2, ip. */
    public String wire() {
        return wire;
    }

    /** The distance named {@code value} (any case), or empty. */
    public static Optional<Distance> byWire(String value) {
        for (Distance d : values()) {
            if (d.wire.equals(value.toLowerCase(Locale.ROOT))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
