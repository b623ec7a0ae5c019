package dev.mnemo.core.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemo.core.error.ServiceException;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.model.collections.CollectionRecord;
import dev.mnemo.model.collections.Distance;
import dev.mnemo.model.collections.HnswParams;
import dev.mnemo.model.collections.Include;
import dev.mnemo.model.tenant.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Every operator, alone and combined, run by PostgreSQL over a small known collection (given vectors). */
class CollectionFilterDatabaseTest {

    private static CollectionsFixture fx;
    private static String name;

    @BeforeAll
    static void seed() {
        fx = CollectionsFixture.get();
        name = "filters-" + UUID.randomUUID().toString().substring(0, 8);
        fx.catalog.create(Tenant.DEFAULT, new CollectionSpec(name, fx.JSON.createObjectNode(), EmbeddingDomain.TEXT, Distance.COSINE,
                HnswParams.DEFAULTS), false).block();
        float[][] v = CollectionsFixture.vectors(6, 384, 1);
        List<CollectionRecord> records = new ArrayList<>();
        records.add(rec("a", "The quick brown fox", "{\"color\":\"red\",\"n\":1,\"ok\":true,\"tags\":[\"x\",\"y\"]}", v[0]));
        records.add(rec("b", "jumps over the lazy dog", "{\"color\":\"blue\",\"n\":2,\"ok\":false,\"tags\":[\"y\"]}", v[1]));
        records.add(rec("c", "Hello World 42", "{\"color\":\"red\",\"n\":3.5,\"tags\":[\"z\"]}", v[2]));
        records.add(rec("d", "hello again, 50% off_today", "{\"color\":\"green\",\"n\":\"3\",\"num\":7}", v[3]));
        records.add(rec("e", null, "{\"n\":10,\"color\":\"red\"}", v[4]));
        records.add(rec("f", "x' OR '1'='1", "{\"name'; DROP TABLE collections; --\":\"v\",\"n\":-4}", v[5]));
        fx.writes.add(Tenant.DEFAULT, name, records).block();
    }

    private static CollectionRecord rec(String id, String doc, String metadata, float[] v) {
        return new CollectionRecord(id, doc, (ObjectNode) fx.JSON.readTree(metadata), v, null);
    }

    private static List<String> ids(String where, String whereDocument) {
        JsonNode w = where == null ? null : fx.JSON.readTree(where);
        JsonNode wd = whereDocument == null ? null : fx.JSON.readTree(whereDocument);
        return fx.search.getRecords(Tenant.DEFAULT, name, null, w, wd, null, null, Include.GET_DEFAULT).block()
                .stream().map(CollectionRecord::id).toList();
    }

    private static List<String> where(String where) {
        return ids(where, null);
    }

    private static List<String> doc(String whereDocument) {
        return ids(null, whereDocument);
    }

    @Test
    void equalityIsTypeExact() {
        assertThat(where("{\"color\": \"red\"}")).containsExactly("a", "c", "e");
        assertThat(where("{\"n\": {\"$eq\": 3}}")).isEmpty();
        assertThat(where("{\"n\": {\"$eq\": \"3\"}}")).containsExactly("d");
        assertThat(where("{\"n\": 1.0}")).containsExactly("a");
        assertThat(where("{\"ok\": true}")).containsExactly("a");
        assertThat(where("{\"ok\": {\"$ne\": true}}")).containsExactly("b", "c", "d", "e", "f");
        assertThat(where("{\"tags\": \"y\"}")).as("$eq never matches inside a list").isEmpty();
    }

    @Test
    void rangesCompareNumbersOnly() {
        assertThat(where("{\"n\": {\"$gt\": 2}}")).containsExactly("c", "e");
        assertThat(where("{\"n\": {\"$gte\": 2}}")).containsExactly("b", "c", "e");
        assertThat(where("{\"n\": {\"$lt\": 2}}")).containsExactly("a", "f");
        assertThat(where("{\"n\": {\"$lte\": -4}}")).containsExactly("f");
        assertThat(where("{\"n\": {\"$gt\": 1, \"$lt\": 10}}")).containsExactly("b", "c");
    }

    @Test
    void membershipAndListContains() {
        assertThat(where("{\"color\": {\"$in\": [\"red\", \"green\"]}}")).containsExactly("a", "c", "d", "e");
        assertThat(where("{\"color\": {\"$nin\": [\"red\", \"green\"]}}")).containsExactly("b", "f");
        assertThat(where("{\"n\": {\"$in\": [1, 10]}}")).containsExactly("a", "e");
        assertThat(where("{\"tags\": {\"$contains\": \"y\"}}")).containsExactly("a", "b");
        assertThat(where("{\"tags\": {\"$contains\": \"nope\"}}")).isEmpty();
    }

    @Test
    void andOrCombine() {
        assertThat(where("{\"$and\": [{\"color\": \"red\"}, {\"n\": {\"$gt\": 1}}]}")).containsExactly("c", "e");
        assertThat(where("{\"$or\": [{\"color\": \"blue\"}, {\"n\": {\"$lt\": 0}}]}")).containsExactly("b", "f");
        assertThat(where("{\"$or\": [{\"$and\": [{\"color\": \"red\"}, {\"ok\": true}]}, {\"num\": {\"$gte\": 7}}]}"))
                .containsExactly("a", "d");
        assertThat(ids("{\"color\": \"red\"}", "{\"$contains\": \"World\"}")).containsExactly("c");
    }

    @Test
    void documentContainsAndRegex() {
        assertThat(doc("{\"$contains\": \"hello\"}")).containsExactly("d");
        assertThat(doc("{\"$contains\": \"50% off_\"}")).containsExactly("d");
        assertThat(doc("{\"$contains\": \"%\"}")).as("LIKE wildcards are literal").containsExactly("d");
        assertThat(doc("{\"$contains\": \"_\"}")).containsExactly("d");
        assertThat(doc("{\"$not_contains\": \"o\"}")).containsExactly("e", "f");
        assertThat(doc("{\"$regex\": \"^[Hh]ello\"}")).containsExactly("c", "d");
        assertThat(doc("{\"$regex\": \"hello\"}")).containsExactly("d");
        assertThat(doc("{\"$iregex\": \"hello\"}")).containsExactly("c", "d");
        assertThat(doc("{\"$regex\": \"[0-9]{2}\"}")).containsExactly("c", "d");
        assertThat(doc("{\"$and\": [{\"$iregex\": \"HELLO\"}, {\"$not_contains\": \"42\"}]}")).containsExactly("d");
        assertThat(doc("{\"$or\": [{\"$regex\": \"fox$\"}, {\"$contains\": \"lazy\"}]}")).containsExactly("a", "b");
    }

    @Test
    void injectionAttemptsAreInert() {
        assertThat(where("{\"name'; DROP TABLE collections; --\": \"v\"}")).containsExactly("f");
        assertThat(where("{\"color\": \"x' OR '1'='1\"}")).isEmpty();
        assertThat(where("{\"color') OR true --\": {\"$gt\": 0}}")).isEmpty();
        assertThat(doc("{\"$contains\": \"x' OR '1'='1\"}")).containsExactly("f");
        assertThat(doc("{\"$regex\": \"'; DROP TABLE collections; --\"}")).isEmpty();
        assertThat(fx.catalog.count(Tenant.DEFAULT, name).block()).isEqualTo(6);
        assertThatThrownBy(() -> where("{\"$where\": \"1=1\"}")).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.field()).isEqualTo("where.$where"));
        assertThatThrownBy(() -> where("{\"color\": {\"$eq\": {\"$gt\": 1}}}")).isInstanceOf(ServiceException.class);
        String bomb = "{\"$or\": [".repeat(200) + "{\"a\": 1}" + "]}".repeat(200);
        assertThatThrownBy(() -> where(bomb)).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.rule()).isEqualTo("max_depth"));
    }

    @Test
    void regexesPostgresRejectsBecomeInvalidInput() {
        // Java accepts \p{L}; PostgreSQL's ARE does not (SQLSTATE 2201B): the error is a 400, not a 500.
        assertThatThrownBy(() -> doc("{\"$regex\": \"\\\\p{L}+\"}")).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID);
            assertThat(e.rule()).isEqualTo("regex");
        });
        assertThatThrownBy(() -> doc("{\"$regex\": \"(a\"}")).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.field()).isEqualTo("where_document.$regex"));
    }
}
