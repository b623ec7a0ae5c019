package dev.mnemo.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemo.core.error.ServiceException;
import dev.mnemo.model.filter.Filter;
import dev.mnemo.store.filter.FilterSql;
import dev.mnemo.store.sql.Sql;
import io.r2dbc.postgresql.codec.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Parser + renderer: the exact SQL and parameters, and every validation error with its JSON path. */
class CollectionFilterSqlTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final FilterParser parser = new FilterParser();

    private record Rendered(String sql, List<String> params) {
    }

    private Rendered where(String json) {
        Filter f = parser.parseWhere(JSON.readTree(json), "where");
        Sql b = new Sql();
        String sql = FilterSql.render(f, b);
        return new Rendered(sql, b.values().stream().map(v -> v instanceof Json j ? j.asString() : String.valueOf(v)).toList());
    }

    private Rendered document(String json) {
        Filter f = parser.parseDocument(JSON.readTree(json), "where_document");
        Sql b = new Sql();
        String sql = FilterSql.render(f, b);
        return new Rendered(sql, b.values().stream().map(String::valueOf).toList());
    }

    private ServiceException invalidWhere(String json) {
        try {
            where(json);
        } catch (ServiceException e) {
            assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID);
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void indexableMeansAnIndexFindsTheMatches() {
        java.util.function.Function<String, Boolean> w = json -> Filter.indexable(parser.parseWhere(JSON.readTree(json), "where"));
        java.util.function.Function<String, Boolean> d = json -> Filter.indexable(parser.parseDocument(JSON.readTree(json), "where_document"));
        assertThat(w.apply("{\"a\": 1}")).isTrue();
        assertThat(w.apply("{\"a\": {\"$in\": [1, 2]}}")).isTrue();
        assertThat(w.apply("{\"tags\": {\"$contains\": \"x\"}}")).isTrue();
        assertThat(w.apply("{\"a\": {\"$ne\": 1}}")).isFalse();
        assertThat(w.apply("{\"a\": {\"$nin\": [1]}}")).isFalse();
        assertThat(w.apply("{\"a\": {\"$gt\": 1}}")).isFalse();
        assertThat(w.apply("{\"$and\": [{\"a\": 1}, {\"b\": {\"$gt\": 1}}]}")).as("one indexable conjunct").isTrue();
        assertThat(w.apply("{\"$or\": [{\"a\": 1}, {\"b\": {\"$gt\": 1}}]}")).as("an OR needs all").isFalse();
        assertThat(w.apply("{\"$or\": [{\"a\": 1}, {\"b\": 2}]}")).isTrue();
        assertThat(d.apply("{\"$regex\": \"ab+c\"}")).isTrue();
        assertThat(d.apply("{\"$not_contains\": \"x\"}")).isFalse();
    }

    @Test
    void shorthandAndEqAreTypeExactContainment() {
        assertThat(where("{\"color\": \"red\"}")).isEqualTo(new Rendered("metadata @> $1::jsonb", List.of("{\"color\":\"red\"}")));
        assertThat(where("{\"n\": {\"$eq\": 5}}")).isEqualTo(new Rendered("metadata @> $1::jsonb", List.of("{\"n\":5}")));
        assertThat(where("{\"ok\": {\"$eq\": true}}").params()).containsExactly("{\"ok\":true}");
        assertThat(where("{\"n\": {\"$ne\": 2.5}}")).isEqualTo(new Rendered("NOT metadata @> $1::jsonb", List.of("{\"n\":2.5}")));
    }

    @Test
    void rangeOperatorsBindTheKeyOnceAndGuardTheType() {
        String expected = "(jsonb_typeof(metadata -> $1::text) = 'number' AND metadata -> $1::text %s $2::jsonb)";
        assertThat(where("{\"age\": {\"$gt\": 30}}")).isEqualTo(new Rendered(expected.formatted(">"), List.of("age", "30")));
        assertThat(where("{\"age\": {\"$gte\": 30}}").sql()).isEqualTo(expected.formatted(">="));
        assertThat(where("{\"age\": {\"$lt\": -1.5}}")).isEqualTo(new Rendered(expected.formatted("<"), List.of("age", "-1.5")));
        assertThat(where("{\"age\": {\"$lte\": 0}}").sql()).isEqualTo(expected.formatted("<="));
    }

    @Test
    void inNinAndListContains() {
        assertThat(where("{\"c\": {\"$in\": [\"a\", \"b\"]}}")).isEqualTo(new Rendered(
                "(metadata @> $1::jsonb OR metadata @> $2::jsonb)", List.of("{\"c\":\"a\"}", "{\"c\":\"b\"}")));
        assertThat(where("{\"c\": {\"$in\": [1]}}")).isEqualTo(new Rendered("metadata @> $1::jsonb", List.of("{\"c\":1}")));
        assertThat(where("{\"c\": {\"$nin\": [1, 2]}}").sql()).isEqualTo("NOT (metadata @> $1::jsonb OR metadata @> $2::jsonb)");
        assertThat(where("{\"tags\": {\"$contains\": \"x\"}}")).isEqualTo(new Rendered("metadata @> $1::jsonb", List.of("{\"tags\":[\"x\"]}")));
    }

    @Test
    void andOrAndImplicitAnd() {
        assertThat(where("{\"$and\": [{\"a\": 1}, {\"$or\": [{\"b\": {\"$gt\": 2}}, {\"c\": \"x\"}]}]}")).isEqualTo(new Rendered(
                "(metadata @> $1::jsonb AND ((jsonb_typeof(metadata -> $2::text) = 'number' AND metadata -> $2::text > $3::jsonb) OR metadata @> $4::jsonb))",
                List.of("{\"a\":1}", "b", "2", "{\"c\":\"x\"}")));
        assertThat(where("{\"a\": 1, \"b\": {\"$gt\": 1, \"$lt\": 3}}").sql()).isEqualTo(
                "(metadata @> $1::jsonb AND ((jsonb_typeof(metadata -> $2::text) = 'number' AND metadata -> $2::text > $3::jsonb)"
                        + " AND (jsonb_typeof(metadata -> $4::text) = 'number' AND metadata -> $4::text < $5::jsonb)))");
    }

    @Test
    void documentOperators() {
        assertThat(document("{\"$contains\": \"50%_off\\\\\"}")).isEqualTo(new Rendered("document LIKE $1", List.of("%50\\%\\_off\\\\%")));
        assertThat(document("{\"$not_contains\": \"x\"}")).isEqualTo(new Rendered("(document IS NULL OR document NOT LIKE $1)", List.of("%x%")));
        assertThat(document("{\"$regex\": \"^a.*b$\"}")).isEqualTo(new Rendered("document ~ $1", List.of("^a.*b$")));
        assertThat(document("{\"$iregex\": \"hello\"}")).isEqualTo(new Rendered("document ~* $1", List.of("hello")));
        assertThat(document("{\"$or\": [{\"$contains\": \"a\"}, {\"$regex\": \"b+\"}]}").sql()).isEqualTo("(document LIKE $1 OR document ~ $2)");
    }

    @Test
    void injectionAttemptsStayInsideBoundValues() {
        Rendered r = where("{\"name'; DROP TABLE collections; --\": \"x' OR '1'='1\"}");
        assertThat(r.sql()).isEqualTo("metadata @> $1::jsonb");
        assertThat(r.params()).containsExactly("{\"name'; DROP TABLE collections; --\":\"x' OR '1'='1\"}");
        Rendered range = where("{\"a') OR true --\": {\"$gt\": 1}}");
        assertThat(range.sql()).doesNotContain("OR true").contains("$1::text");
        assertThat(range.params()).first().isEqualTo("a') OR true --");
        assertThat(document("{\"$regex\": \"'; DROP TABLE x; --\"}").sql()).isEqualTo("document ~ $1");
    }

    @Test
    void emptyOrAbsentFiltersAreNoFilter() {
        assertThat(parser.parseWhere(JSON.readTree("{}"), "where")).isNull();
        assertThat(parser.parseWhere(null, "where")).isNull();
        assertThat(parser.parseDocument(JSON.readTree("null"), "where_document")).isNull();
    }

    @Test
    void errorsNameTheJsonPathAndTheRule() {
        assertThat(invalidWhere("{\"$and\": [{\"a\": 1}, {\"age\": {\"$gt\": \"x\"}}]}"))
                .satisfies(e -> assertThat(e.field()).isEqualTo("where.$and[1].age.$gt"))
                .satisfies(e -> assertThat(e.rule()).isEqualTo("type"));
        assertThat(invalidWhere("{\"age\": {\"$regex\": \"x\"}}").field()).isEqualTo("where.age.$regex");
        assertThat(invalidWhere("{\"age\": {\"$regex\": \"x\"}}").rule()).isEqualTo("operator");
        assertThat(invalidWhere("{\"$where\": \"1=1\"}").field()).isEqualTo("where.$where");
        assertThat(invalidWhere("{\"$or\": []}").field()).isEqualTo("where.$or");
        assertThat(invalidWhere("{\"$or\": {\"a\": 1}}").rule()).isEqualTo("type");
        assertThat(invalidWhere("{\"a\": null}").rule()).isEqualTo("type");
        assertThat(invalidWhere("{\"a\": [1, 2]}").rule()).isEqualTo("type");
        assertThat(invalidWhere("{\"a\": {\"$in\": [1, \"1\"]}}").field()).isEqualTo("where.a.$in[1]");
        assertThat(invalidWhere("{\"a\": {\"$in\": []}}").rule()).isEqualTo("type");
        assertThat(invalidWhere("{\"a\": {}}").rule()).isEqualTo("empty");
        assertThat(invalidWhere("{\"$and\": [{}]}").field()).isEqualTo("where.$and[0]");
        assertThat(invalidWhere("[1]").rule()).isEqualTo("type");
        assertThat(invalidWhere("{\"\": 1}").rule()).isEqualTo("key");
        // events' case-insensitive contains has no token in the where_document language
        assertThatThrownBy(() -> document("{\"\": \"x\"}")).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.getMessage()).contains("$contains, $not_contains, $regex, $iregex").doesNotContain(", ,"));
    }

    @Test
    void badRegexesAreRejectedWithTheirPath() {
        assertThatThrownBy(() -> document("{\"$and\": [{\"$contains\": \"a\"}, {\"$regex\": \"(unclosed\"}]}"))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.field()).isEqualTo("where_document.$and[1].$regex");
                    assertThat(e.rule()).isEqualTo("regex");
                });
        assertThatThrownBy(() -> document("{\"$iregex\": \"[z-a]\"}")).isInstanceOf(ServiceException.class);
        assertThatThrownBy(() -> document("{\"$regex\": 5}")).hasFieldOrPropertyWithValue("rule", "type");
        assertThatThrownBy(() -> document("{\"$like\": \"x\"}")).hasFieldOrPropertyWithValue("field", "where_document.$like");
    }

    @Test
    void depthBombsAndSizeBombsAreRejected() {
        String deep = "{\"$and\": [".repeat(50) + "{\"a\": 1}" + "]}".repeat(50);
        assertThat(invalidWhere(deep).rule()).isEqualTo("max_depth");
        String justDeepEnough = "{\"$and\": [".repeat(6) + "{\"a\": {\"$gt\": 1}}" + "]}".repeat(6);
        assertThat(where(justDeepEnough).params()).containsExactly("a", "1");
        StringBuilder wide = new StringBuilder("{\"$or\": [");
        for (int i = 0; i < 500; i++) {
            wide.append(i == 0 ? "" : ",").append("{\"k").append(i).append("\": 1}");
        }
        assertThat(invalidWhere(wide.append("]}").toString()).rule()).isEqualTo("max_nodes");
        StringBuilder many = new StringBuilder("{\"a\": {\"$in\": [");
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append(i);
        }
        assertThat(invalidWhere(many.append("]}}").toString()).rule()).isEqualTo("max 1000");
        assertThat(invalidWhere("{\"a\": \"" + "x".repeat(5000) + "\"}").rule()).isEqualTo("max_length");
    }
}
