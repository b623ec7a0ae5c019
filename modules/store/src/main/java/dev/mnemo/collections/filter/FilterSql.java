package dev.mnemo.collections.filter;

import dev.mnemo.collections.filter.Filter.Scalar;
import io.r2dbc.postgresql.codec.Json;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import dev.mnemo.store.sql.Sql;

/**
 * The one converter from a {@link Filter} tree to a SQL boolean expression over the columns {@code metadata} (jsonb)
 * and {@code document} (text). Every value and every metadata key is bound through {@link Sql}; the SQL text
 * holds only fixed operators and {@code $n} markers.
 *
 * <ul>
 * <li>$eq / $ne / $in / $nin / $contains: jsonb containment {@code metadata @> $n::jsonb} with {@code {"key": value}}
 * bound as one JSON value: type-exact ({@code 5} never equals {@code "5"}) and served by the GIN (jsonb_path_ops)
 * index. $ne and $nin also match records without the key.</li>
 * <li>$gt / $gte / $lt / $lte: {@code jsonb_typeof(metadata -> $k) = 'number' AND metadata -> $k > $v::jsonb}
 * (jsonb compares numbers numerically; the type guard keeps strings and booleans out).</li>
 * <li>document $contains / $not_contains: {@code LIKE} with the value's wildcards escaped (pg_trgm GIN index);
 * $regex / $iregex: PostgreSQL's {@code ~} / {@code ~*}.</li>
 * </ul>
 */
public final class FilterSql {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FilterSql() {
    }

    /** Renders {@code filter} (not null), adding its parameters to {@code bindings}. */
    public static String render(Filter filter, Sql bindings) {
        if (filter instanceof Filter.Group g) {
            return g.operands().stream().map(f -> render(f, bindings))
                    .collect(Collectors.joining(g.junction() == Filter.Junction.AND ? " AND " : " OR ", "(", ")"));
        }
        if (filter instanceof Filter.Metadata m) {
            return metadata(m, bindings);
        }
        return document((Filter.Document) filter, bindings);
    }

    private static String metadata(Filter.Metadata m, Sql b) {
        return switch (m.op()) {
            case EQ -> contains(m.key(), m.value(), false, b);
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

    private static String document(Filter.Document d, Sql b) {
        return switch (d.op()) {
            case CONTAINS -> "document LIKE " + b.bind(likePattern(d.text()));
            case NOT_CONTAINS -> "(document IS NULL OR document NOT LIKE " + b.bind(likePattern(d.text())) + ")";
            case REGEX -> "document ~ " + b.bind(d.text());
            case IREGEX -> "document ~* " + b.bind(d.text());
        };
    }

    /** {@code %text%} with LIKE's wildcards and its escape character (backslash) escaped. */
    static String likePattern(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
