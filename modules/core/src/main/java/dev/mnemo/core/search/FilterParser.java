package dev.mnemo.core.search;

import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.input.Storable;
import dev.mnemo.model.filter.Filter.DocumentOp;
import dev.mnemo.model.filter.Filter.Junction;
import dev.mnemo.model.filter.Filter.MetadataOp;
import dev.mnemo.model.filter.Filter.Scalar;
import dev.mnemo.model.filter.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * Parses the JSON filter language into a {@link Filter} tree, validating as it goes. Every error is a
 * {@link ServiceException#invalid} whose field is the JSON path of the offending node ({@code where.$and[1].age.$gt}).
 *
 * <pre>
 * where          := { clause, ... }                       several clauses = $and
 * clause         := "$and" | "$or" : [ where, ... ]
 *                 | key : scalar                          shorthand for {"$eq": scalar}
 *                 | key : { op : operand, ... }           several operators = $and
 * op             := $eq $ne (scalar) | $gt $gte $lt $lte (number) | $in $nin ([scalar, ...]) | $contains (scalar, on lists)
 * where_document := { "$contains" | "$not_contains" | "$regex" | "$iregex" : string, ... } | { "$and" | "$or" : [ ... ] }
 * </pre>
 *
 * A parser instance keeps no state between calls: each call builds its own counters, so one instance is shared.
 */
public final class FilterParser {

    private static final Map<String, MetadataOp> METADATA_OPS = byToken(MetadataOp.values(), op -> op.token);
    /** ICONTAINS has no token: it is events' content_contains, not part of the where_document language. */
    private static final Map<String, DocumentOp> DOCUMENT_OPS = byToken(java.util.Arrays.stream(DocumentOp.values())
            .filter(op -> !op.token.isEmpty()).toArray(DocumentOp[]::new), op -> op.token);

    private final FilterLimits limits;

    public FilterParser(FilterLimits limits) {
        this.limits = limits;
    }

    public FilterParser() {
        this(FilterLimits.DEFAULTS);
    }

    /** The metadata filter, or null when absent, JSON null or {@code {}}. */
    /** A collection's {@code where} and {@code where_document}, both when given, either alone, or null. */
    public Filter collectionFilter(JsonNode where, JsonNode whereDocument) {
        return Filter.and(parseWhere(where, "where"), parseDocument(whereDocument, "where_document"));
    }

    public Filter parseWhere(JsonNode where, String path) {
        if (absent(where)) {
            return null;
        }
        Storable.json(path, where);
        return new Run().where(where, path, 1);
    }

    /** The document filter, or null when absent, JSON null or {@code {}}. */
    public Filter parseDocument(JsonNode whereDocument, String path) {
        if (absent(whereDocument)) {
            return null;
        }
        Storable.json(path, whereDocument);
        return new Run().document(whereDocument, path, 1);
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || (node.isObject() && node.isEmpty());
    }

    /** One parse: its own node counter, so concurrent parses never share mutable state. */
    private final class Run {
        private int nodes;

        Filter where(JsonNode node, String path, int depth) {
            requireObject(node, path);
            List<Filter> clauses = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String key = e.getKey();
                String at = path + "." + key;
                if (key.equals("$and") || key.equals("$or")) {
                    clauses.add(group(key, e.getValue(), at, depth, (n, p, d) -> where(n, p, d)));
                } else if (key.startsWith("$")) {
                    throw ServiceException.invalid(at, "operator", "Unknown operator " + key
                            + " here; allowed: $and, $or, or a metadata key (keys may not start with $)");
                } else {
                    clauses.add(field(key, e.getValue(), at, depth));
                }
            }
            return joined(clauses);
        }

        Filter document(JsonNode node, String path, int depth) {
            requireObject(node, path);
            List<Filter> clauses = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String key = e.getKey();
                String at = path + "." + key;
                if (key.equals("$and") || key.equals("$or")) {
                    clauses.add(group(key, e.getValue(), at, depth, (n, p, d) -> document(n, p, d)));
                    continue;
                }
                DocumentOp op = DOCUMENT_OPS.get(key);
                if (op == null) {
                    throw ServiceException.invalid(at, "operator", "Unknown document operator " + key
                            + "; allowed: " + String.join(", ", DOCUMENT_OPS.keySet()) + ", $and, $or");
                }
                String text = string(e.getValue(), at);
                if (op.isRegex()) {
                    checkRegex(text, at);
                }
                count(at);
                clauses.add(new Filter.Document(op, text));
            }
            return joined(clauses);
        }

        private Filter group(String key, JsonNode value, String path, int depth, Sub sub) {
            if (depth >= limits.maxDepth()) {
                throw ServiceException.invalid(path, "max_depth", "Filters nest at most " + limits.maxDepth() + " levels");
            }
            if (value == null || !value.isArray() || value.isEmpty()) {
                throw ServiceException.invalid(path, "type", key + " takes a non-empty list of filters");
            }
            count(path);
            List<Filter> operands = new ArrayList<>();
            int i = 0;
            for (JsonNode item : value.values()) {
                String at = path + "[" + i++ + "]";
                if (item.isObject() && item.isEmpty()) {
                    throw ServiceException.invalid(at, "empty", "An empty filter inside " + key + " matches nothing useful");
                }
                operands.add(sub.parse(item, at, depth + 1));
            }
            return new Filter.Group(key.equals("$and") ? Junction.AND : Junction.OR, operands);
        }

        private Filter field(String key, JsonNode value, String path, int depth) {
            if (key.isEmpty() || key.length() > limits.maxKeyLength()) {
                throw ServiceException.invalid(path, "key", "Metadata keys have 1 to " + limits.maxKeyLength() + " characters");
            }
            if (!value.isObject()) {
                count(path);
                return new Filter.Metadata(key, MetadataOp.EQ, List.of(scalar(value, path)));
            }
            if (value.isEmpty()) {
                throw ServiceException.invalid(path, "empty", "Give an operator for " + key + ", e.g. {\"$eq\": ...}");
            }
            if (depth >= limits.maxDepth()) {
                throw ServiceException.invalid(path, "max_depth", "Filters nest at most " + limits.maxDepth() + " levels");
            }
            List<Filter> clauses = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                String at = path + "." + e.getKey();
                MetadataOp op = METADATA_OPS.get(e.getKey());
                if (op == null) {
                    throw ServiceException.invalid(at, "operator", "Unknown operator " + e.getKey() + "; allowed: "
                            + String.join(", ", METADATA_OPS.keySet()));
                }
                count(at);
                clauses.add(new Filter.Metadata(key, op, operands(op, e.getValue(), at)));
            }
            return joined(clauses);
        }

        private List<Scalar> operands(MetadataOp op, JsonNode value, String path) {
            if (op.takesList()) {
                if (!value.isArray() || value.isEmpty()) {
                    throw ServiceException.invalid(path, "type", op.token + " takes a non-empty list of values");
                }
                if (value.size() > limits.maxListValues()) {
                    throw ServiceException.invalid(path, "max " + limits.maxListValues(),
                            op.token + " takes at most " + limits.maxListValues() + " values");
                }
                List<Scalar> values = new ArrayList<>();
                int i = 0;
                for (JsonNode item : value.values()) {
                    Scalar s = scalar(item, path + "[" + i++ + "]");
                    if (!values.isEmpty() && values.get(0).getClass() != s.getClass()) {
                        throw ServiceException.invalid(path + "[" + (i - 1) + "]", "type",
                                op.token + " values must all have the same type");
                    }
                    values.add(s);
                }
                return values;
            }
            Scalar s = scalar(value, path);
            if (op.isRange() && !(s instanceof Filter.Number)) {
                throw ServiceException.invalid(path, "type", op.token + " compares numbers only");
            }
            if (op == MetadataOp.GLOB && !(s instanceof Filter.Text)) {
                throw ServiceException.invalid(path, "type", op.token + " takes a pattern string");
            }
            return List.of(s);
        }

        private Scalar scalar(JsonNode node, String path) {
            if (node.isString()) {
                return new Filter.Text(bounded(node.stringValue(), path));
            }
            if (node.isNumber()) {
                return new Filter.Number(node.decimalValue());
            }
            if (node.isBoolean()) {
                return new Filter.Bool(node.booleanValue());
            }
            throw ServiceException.invalid(path, "type", "Expected a string, a number or a boolean");
        }

        private String string(JsonNode node, String path) {
            if (node == null || !node.isString()) {
                throw ServiceException.invalid(path, "type", "Expected a string");
            }
            return bounded(node.stringValue(), path);
        }

        private String bounded(String s, String path) {
            if (s.length() > limits.maxStringLength()) {
                throw ServiceException.invalid(path, "max_length", "At most " + limits.maxStringLength() + " characters");
            }
            return s;
        }

        private void checkRegex(String regex, String path) {
            if (regex.isEmpty()) {
                throw ServiceException.invalid(path, "regex", "An empty regex matches every document; omit the filter");
            }
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw ServiceException.invalid(path, "regex", "Invalid regular expression: " + e.getDescription()
                        + " near index " + e.getIndex());
            }
        }

        private void count(String path) {
            if (++nodes > limits.maxNodes()) {
                throw ServiceException.invalid(path, "max_nodes", "A filter has at most " + limits.maxNodes() + " conditions");
            }
        }

        private void requireObject(JsonNode node, String path) {
            if (node == null || !node.isObject()) {
                throw ServiceException.invalid(path, "type", "Expected a JSON object");
            }
            if (node.isEmpty()) {
                throw ServiceException.invalid(path, "empty", "Expected at least one condition");
            }
        }
    }

    @FunctionalInterface
    private interface Sub {
        Filter parse(JsonNode node, String path, int depth);
    }

    private static Filter joined(List<Filter> clauses) {
        return clauses.size() == 1 ? clauses.get(0) : new Filter.Group(Junction.AND, clauses);
    }

    private static <E> Map<String, E> byToken(E[] values, java.util.function.Function<E, String> token) {
        Map<String, E> map = new java.util.LinkedHashMap<>();
        for (E e : values) {
            map.put(token.apply(e), e);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
