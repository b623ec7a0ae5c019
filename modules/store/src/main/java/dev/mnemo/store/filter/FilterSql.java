package dev.mnemo.store.filter;

import dev.mnemo.model.filter.Filter.Scalar;
import dev.mnemo.model.filter.Filter;
import dev.mnemo.store.sql.Sql;
import io.r2dbc.postgresql.codec.Json;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one converter from a {@link Filter} tree to a SQL boolean expression, for every table that is searched (events
 * and collection records today). A {@link Columns} strategy says which expression of the table each kind of node
 * reads. Every value and every metadata key is bound through {@link Sql}; the SQL text holds only fixed operators,
 * column expressions of our own and {@code $n} markers. Render a query's filter once and use the text wherever
 * the query needs it (its markers are valid anywhere in that statement).
 *
 * <ul>
 * <li>$eq / $ne / $in / $nin / $contains: jsonb containment {@code metadata @> $n::jsonb} with {@code {"key": value}}
 * bound as one JSON value: type-exact ({@code 5} never equals {@code "5"}) and served by the GIN (jsonb_path_ops)
 * index. $ne and $nin also match records without the key.</li>
 * <li>$gt / $gte / $lt / $lte: {@code jsonb_typeof(metadata -> $k) = 'number' AND metadata -> $k > $v::jsonb}
 * (jsonb compares numbers numerically; the type guard keeps strings and booleans out).</li>
 * <li>document $contains / $not_contains: {@code LIKE} with the value's wildcards escaped (pg_trgm GIN index);
 * $regex / $iregex: PostgreSQL's {@code ~} / {@code ~*}; case-insensitive contains (events' content_contains):
 * {@code strpos(lower(text), lower($n)) > 0} (no escaping needed).</li>
 * <li>whole-object containment: {@code metadata @> $n::jsonb}, or the same test as a function call
 * ({@code jsonb_contains}) when the caller does not want an index to serve it (see {@link Columns}).</li>
 * <li>time bounds: {@code time >= $n} / {@code time <= $n}.</li>
 * </ul>
 */
public final class FilterSql {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FilterSql() {
    }

    /**
     * Which expression of a table each kind of node reads. Every searched table keeps its metadata in a jsonb column
     * named {@code metadata}.
     *
     * @param document     the text searched by document nodes
     * @param time         the timestamp column of time bounds (null: the table has none)
     * @param containsCall render whole-object containment as {@code jsonb_contains(...)}: the same rows, but no index
     *                     serves it, so a broad filter only checks the candidates of an HNSW walk (PostgreSQL
     *                     otherwise chose the GIN index and sorted most of the table: 35 ms against 9 ms unfiltered
     *                     at 20 000 events)
     */
    public record Columns(String document, String time, boolean containsCall) {

        /** A collection's records table. */
        public static final Columns RECORDS = new Columns("document", null, false);

        /** The events table; {@code walk} for a vector search that walks the graph and checks the filter per candidate. */
        public static Columns events(boolean walk) {
            return new Columns("content::text", "timestamp", walk);
        }
    }

    /** Renders {@code filter} (not null) over a collection's records, adding its parameters to {@code bindings}. */
    public static String render(Filter filter, Sql bindings) {
        return render(filter, bindings, Columns.RECORDS);
    }

    /** Renders {@code filter} (not null) over the table {@code columns} describe. */
    public static String render(Filter filter, Sql bindings, Columns columns) {
        if (filter instanceof Filter.Group g) {
            return g.operands().stream().map(f -> render(f, bindings, columns))
                    .collect(Collectors.joining(g.junction() == Filter.Junction.AND ? " AND " : " OR ", "(", ")"));
        }
        if (filter instanceof Filter.Metadata m) {
            return metadata(m, bindings);
        }
        if (filter instanceof Filter.Contains c) {
            String value = bindings.bind(Json.of(JSON.writeValueAsString(c.object())));
            return columns.containsCall() ? "jsonb_contains(metadata, " + value + "::jsonb)" : "metadata @> " + value + "::jsonb";
        }
        if (filter instanceof Filter.Time t) {
            if (columns.time() == null) {
                throw new IllegalArgumentException("this table has no time column");
            }
            return columns.time() + (t.op() == Filter.TimeOp.FROM ? " >= " : " <= ") + bindings.bind(t.at());
        }
        return document((Filter.Document) filter, bindings, columns.document());
    }

    private static String metadata(Filter.Metadata m, Sql b) {
        return switch (m.op()) {
            case EQ -> contains(m.key(), m.value(), false, b);
            case GLOB -> "(metadata ->> " + b.bind(m.key()) + "::text) ~ " + b.bind(globRegex(((Filter.Text) m.value()).value()));
            case NE -> "NOT " + contains(m.key(), m.value(), false, b);
            case CONTAINS -> contains(m.key(), m.value(), true, b);
            case IN -> anyOf(m, b);
            case NIN -> "NOT " + anyOf(m, b);
            case GT, GTE, LT, LTE -> {
                String key = b.bind(m.key());
                String value = b.bind(Json.of(JSON.writeValueAsString(node(m.value()))));
                yield "(jsonb_typeof(metadata -> " + key + "::text) = 'number' AND metadata -> " + key + "::text "
                        + comparison(m.op()) + " " + value + "::jsonb)";
            }
        };
    }

    /**
     * A path pattern as an anchored PostgreSQL regex: {@code **} any characters, {@code *} any but '/', {@code ?} one
     * but '/', everything else literal (so the pattern cannot smuggle regex syntax in).
     */
    static String globRegex(String glob) {
        StringBuilder out = new StringBuilder("^");
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 2 < glob.length() && glob.charAt(i + 1) == '*' && glob.charAt(i + 2) == '/') {
                out.append("(?:.*/)?"); // "**/" is zero or more folders: "**/*.py" matches "setup.py" too
                i += 2;
            } else if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                out.append(".*");
                i++;
            } else if (c == '*') {
                out.append("[^/]*");
            } else if (c == '?') {
                out.append("[^/]");
            } else if (Character.isLetterOrDigit(c)) {
                out.append(c);
            } else {
                out.append('\\').append(c);
            }
        }
        return out.append('$').toString();
    }

    private static String anyOf(Filter.Metadata m, Sql b) {
        List<Scalar> values = m.values();
        if (values.size() == 1) {
            return contains(m.key(), values.get(0), false, b);
        }
        return values.stream().map(v -> contains(m.key(), v, false, b)).collect(Collectors.joining(" OR ", "(", ")"));
    }

    /** {@code metadata @> {"key": value}} or, for list membership, {@code metadata @> {"key": [value]}}. */
    private static String contains(String key, Scalar value, boolean inList, Sql b) {
        ObjectNode object = JSON.createObjectNode();
        if (inList) {
            object.putArray(key).add(node(value));
        } else {
            object.set(key, node(value));
        }
        return "metadata @> " + b.bind(Json.of(JSON.writeValueAsString(object))) + "::jsonb";
    }

    private static JsonNode node(Scalar value) {
        if (value instanceof Filter.Text t) {
            return JsonNodeFactory.instance.stringNode(t.value());
        }
        if (value instanceof Filter.Number n) {
            return JsonNodeFactory.instance.numberNode(n.value());
        }
        return JsonNodeFactory.instance.booleanNode(((Filter.Bool) value).value());
    }

    private static String comparison(Filter.MetadataOp op) {
        return switch (op) {
            case GT -> ">";
            case GTE -> ">=";
            case LT -> "<";
            case LTE -> "<=";
            default -> throw new IllegalArgumentException(op + " is not a comparison");
        };
    }

    private static String document(Filter.Document d, Sql b, String document) {
        return switch (d.op()) {
            case CONTAINS -> document + " LIKE " + b.bind(likePattern(d.text()));
            case NOT_CONTAINS -> "(" + document + " IS NULL OR " + document + " NOT LIKE " + b.bind(likePattern(d.text())) + ")";
            case REGEX -> document + " ~ " + b.bind(d.text());
            case IREGEX -> document + " ~* " + b.bind(d.text());
            case ICONTAINS -> "strpos(lower(" + document + "), lower(" + b.bind(d.text()) + ")) > 0";
        };
    }

    /** {@code %text%} with LIKE's wildcards and its escape character (backslash) escaped. */
    static String likePattern(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
