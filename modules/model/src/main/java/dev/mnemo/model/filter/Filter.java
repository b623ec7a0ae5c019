package dev.mnemo.model.filter;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A parsed {@code where} / {@code where_document} filter: a small typed tree, built once by core's FilterParser and
 * rendered once by the store's FilterSql. Nodes are immutable; no node holds SQL or user text outside its typed fields.
 */
public sealed interface Filter {

    /**
     * Operators on one metadata key, with the token the JSON language spells them with. GLOB matches a string value
     * against a path pattern ({@code *} within a segment, {@code **} across segments, {@code ?}).
     */
    enum MetadataOp {
        EQ("$eq"), NE("$ne"), GT("$gt"), GTE("$gte"), LT("$lt"), LTE("$lte"), IN("$in"), NIN("$nin"),
        CONTAINS("$contains"), GLOB("$glob");

        public final String token;

        MetadataOp(String token) {
            this.token = token;
        }

        /** The range operators compare numbers only. */
        public boolean isRange() {
            return this == GT || this == GTE || this == LT || this == LTE;
        }

        public boolean takesList() {
            return this == IN || this == NIN;
        }
    }

    /**
     * Operators on the document text. Regexes are PostgreSQL AREs, run in the database. ICONTAINS (case-insensitive
     * substring) is MnemoLite's {@code content_contains} on events; collections' JSON language has no token for it.
     */
    enum DocumentOp {
        CONTAINS("$contains"), NOT_CONTAINS("$not_contains"), REGEX("$regex"), IREGEX("$iregex"), ICONTAINS("");

        public final String token;

        DocumentOp(String token) {
            this.token = token;
        }

        public boolean isRegex() {
            return this == REGEX || this == IREGEX;
        }
    }

    enum Junction { AND, OR }

    /** {@code key op values}: one value, except for $in / $nin. */
    record Metadata(String key, MetadataOp op, List<Scalar> values) implements Filter {
        public Metadata {
            Objects.requireNonNull(key);
            Objects.requireNonNull(op);
            values = List.copyOf(values);
        }

        public Scalar value() {
            return values.get(0);
        }
    }

    record Document(DocumentOp op, String text) implements Filter {
        public Document {
            Objects.requireNonNull(op);
            Objects.requireNonNull(text);
        }
    }

    /**
     * The metadata contains this JSON object (PostgreSQL's {@code @>}: nested objects match recursively, arrays by
     * membership). MnemoLite's {@code filter_metadata} on events.
     */
    record Contains(JsonNode object) implements Filter {
        public Contains {
            Objects.requireNonNull(object);
        }
    }

    /** Bounds of a row's time: {@code FROM} keeps rows at or after {@code at}, {@code TO} at or before it. */
    enum TimeOp { FROM, TO }

    record Time(TimeOp op, OffsetDateTime at) implements Filter {
        public Time {
            Objects.requireNonNull(op);
            Objects.requireNonNull(at);
        }
    }

    record Group(Junction junction, List<Filter> operands) implements Filter {
        public Group {
            Objects.requireNonNull(junction);
            operands = List.copyOf(operands);
        }
    }

    /** A metadata value: string, number or boolean (what JSON metadata may hold, lists aside). */
    sealed interface Scalar {
        Object value();
    }

    record Text(String value) implements Scalar {
        public Text {
            Objects.requireNonNull(value);
        }
    }

    record Number(BigDecimal value) implements Scalar {
        public Number {
            Objects.requireNonNull(value);
        }
    }

    record Bool(Boolean value) implements Scalar {
        public Bool {
            Objects.requireNonNull(value);
        }
    }

    /** Both filters when present, either one alone, or null. */
    static Filter and(Filter a, Filter b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : new Group(Junction.AND, List.of(a, b));
    }

    /** The AND of the non-null filters, or null when there is none. */
    static Filter allOf(Filter... filters) {
        Filter all = null;
        for (Filter f : filters) {
            all = and(all, f);
        }
        return all;
    }

    /**
     * Whether an index can find the filter's matches without reading the table: metadata equality, $in and
     * $contains and whole-object containment (GIN jsonb_path_ops), document $contains and regexes (GIN trigrams),
     * and junctions of them (an AND needs one such operand, an OR all). Negations, ranges and time bounds need a scan
     * of every row.
     */
    static boolean indexable(Filter f) {
        if (f instanceof Metadata m) {
            return m.op() == MetadataOp.EQ || m.op() == MetadataOp.IN || m.op() == MetadataOp.CONTAINS;
        }
        if (f instanceof Contains) {
            return true;
        }
        if (f instanceof Time) {
            return false;
        }
        if (f instanceof Document d) {
            return d.op() != DocumentOp.NOT_CONTAINS && d.op() != DocumentOp.ICONTAINS;
        }
        Group g = (Group) f;
        return g.junction() == Junction.AND
                ? g.operands().stream().anyMatch(Filter::indexable)
                : g.operands().stream().allMatch(Filter::indexable);
    }

    /** Whether a document regex occurs anywhere in the tree (such queries run under a short statement timeout). */
    static boolean hasDocumentFilter(Filter f) {
        if (f instanceof Document) {
            return true;
        }
        return f instanceof Group g && g.operands().stream().anyMatch(Filter::hasDocumentFilter);
    }
}
