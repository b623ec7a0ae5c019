package dev.mnemo.store.collections;

import dev.mnemo.model.collections.Distance;

/**
 * Everything about a distance that must agree in SQL: pgvector's operator (ORDER BY, served by the index), the
 * HNSW opclass the index is built with, and the formula that turns the operator's value into the distance Chroma
 * reports (cosine: 1 - cos; l2: squared euclidean; ip: 1 - dot product).
 */
final class DistanceSql {

    private DistanceSql() {
    }

    static String operator(Distance d) {
        return switch (d) {
            case COSINE -> "<=>";
            case L2 -> "<->";
            case IP -> "<#>";
        };
    }

    static String opclass(Distance d) {
        return switch (d) {
            case COSINE -> "vector_cosine_ops";
            case L2 -> "vector_l2_ops";
            case IP -> "vector_ip_ops";
        };
    }

    /** {@code column <op> vector}: the ordering expression the HNSW index serves. */
    static String orderBy(Distance d, String column, String vectorMarker) {
        return column + " " + operator(d) + " " + vectorMarker;
    }

    /**
     * The same order as {@link #orderBy}, as an expression the HNSW index cannot serve: PostgreSQL then finds the
     * filter's matches through their own index and sorts them by exact distance.
     */
    static String exactOrderBy(Distance d, String column, String vectorMarker) {
        return "(" + orderBy(d, column, vectorMarker) + ") + 0";
    }

    /** The reported distance computed from the ordering expression. */
    static String score(Distance d, String column, String vectorMarker) {
        String op = orderBy(d, column, vectorMarker);
        return switch (d) {
            case COSINE -> op;
            case L2 -> "power(" + op + ", 2)";
            case IP -> "1 + (" + op + ")";
        };
    }
}
