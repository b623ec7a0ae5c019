package dev.mnemo.collections;

import dev.mnemo.memory.MemoryException;
import java.util.Locale;

/**
 * A distance function with everything that must agree about it: pgvector's operator (ORDER BY, served by the
 * index), the HNSW opclass the index is built with, and the formula that turns the operator's value into the
 * distance Chroma reports (cosine: 1 - cos; l2: squared euclidean; ip: 1 - dot product).
 */
public enum Distance {
    COSINE("cosine", "<=>", "vector_cosine_ops", "%s"),
    L2("l2", "<->", "vector_l2_ops", "power(%s, 2)"),
    IP("ip", "<#>", "vector_ip_ops", "1 + (%s)");

    private final String wire;
    private final String operator;
    private final String opclass;
    private final String scoreFormula;

    Distance(String wire, String operator, String opclass, String scoreFormula) {
        this.wire = wire;
        this.operator = operator;
        this.opclass = opclass;
        this.scoreFormula = scoreFormula;
    }

    /** The name in requests, responses and the catalog: cosine, l2, ip. */
    public String wire() {
        return wire;
    }

    public String opclass() {
        return opclass;
    }

    /** {@code column <op> vector}: the ordering expression the HNSW index serves. */
    public String orderBy(String column, String vectorMarker) {
        return column + " " + operator + " " + vectorMarker;
    }

    /**
     * The same order as {@link #orderBy}, as an expression the HNSW index cannot serve: PostgreSQL then finds the
     * filter's matches through their own index and sorts them by exact distance (chosen by {@link ScanChoice}).
     */
    public String exactOrderBy(String column, String vectorMarker) {
        return "(" + orderBy(column, vectorMarker) + ") + 0";
    }

    /** The reported distance computed from the ordering expression. */
    public String score(String column, String vectorMarker) {
        return scoreFormula.formatted(orderBy(column, vectorMarker));
    }

    public static Distance parse(String value, String field) {
        if (value == null) {
            return COSINE;
        }
        for (Distance d : values()) {
            if (d.wire.equals(value.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw MemoryException.invalid(field, "enum", "Unknown distance '" + value + "'; allowed: cosine, l2, ip");
    }
}
