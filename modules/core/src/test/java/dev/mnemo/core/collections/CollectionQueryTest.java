package dev.mnemo.core.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.search.FilterParser;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.collections.CollectionRecord;
import dev.mnemo.model.collections.Distance;
import dev.mnemo.model.collections.HnswParams;
import dev.mnemo.model.collections.Include;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.collections.CollectionRepository;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.ObjectNode;

class CollectionQueryTest {

    private final CollectionsFixture fx = CollectionsFixture.get();

    @Test
    void selectiveFilterStillReturnsKRowsThroughTheHnswIndex() {
        String name = "q-" + UUID.randomUUID().toString().substring(0, 8);
        fx.catalog.create(Tenant.DEFAULT, new CollectionSpec(name, fx.JSON.createObjectNode(), EmbeddingDomain.TEXT, Distance.COSINE,
                HnswParams.DEFAULTS), false).block();
        int n = 8000;
        float[][] v = CollectionsFixture.vectors(n, 384, 11);
        // 1 record in 100 has rare >= 1 (a range filter: the GIN index cannot serve it, the HNSW index must)
        Flux.range(0, n / 1000).concatMap(batch -> fx.writes.upsert(Tenant.DEFAULT, name, IntStream.range(batch * 1000, batch * 1000 + 1000)
                .mapToObj(i -> new CollectionRecord("r" + i, null,
                        (ObjectNode) fx.JSON.readTree("{\"rare\":" + (i % 100 == 0 ? 1 : 0) + "}"), v[i], null)).toList())).blockLast();
        // The HNSW path is what this test is about: wait until the background indexer put every record in the graph.
        fx.awaitIndexed(name);
        fx.db.sql("ANALYZE " + dev.mnemo.store.collections.CollectionTables.table(fx.catalog.get(Tenant.DEFAULT, name).block().id())).then().block();

        float[] q = v[4242];
        var where = fx.JSON.readTree("{\"rare\": {\"$gte\": 1}}");
        CollectionInfo c = fx.catalog.get(Tenant.DEFAULT, name).block();
        // The planner prefers an exact scan for so selective a filter (also correct); to test the HNSW path itself,
        // these connections forbid sequential scans and use a small ef_search (40 candidates, 1% pass the filter).
        CollectionRepository hnsw = repository(Map.of("enable_seqscan", "off", "hnsw.ef_search", "40",
                "hnsw.iterative_scan", "relaxed_order"));
        String plan = hnsw.explainQuery(c, q, new FilterParser().parseWhere(where, "where"), 10, false).block();
        assertThat(plan.contains(dev.mnemo.store.collections.CollectionTables.table(c.id()) + "_embedding_idx")).as("plan uses the HNSW index").isTrue();

        List<CollectionRecord> hits = hnsw.query(c, q, new FilterParser().parseWhere(where, "where"), 10,
                Set.of(Include.METADATAS, Include.DISTANCES)).collectList().block();
        assertThat(hits).hasSize(10);
        assertThat(hits).allSatisfy(h -> assertThat(h.metadata().get("rare").intValue()).isEqualTo(1));
        assertThat(hits).extracting(CollectionRecord::distance).isSortedAccordingTo(Comparator.naturalOrder());

        // Control: the same query without iterative scan finds fewer than k rows (what the setting is for).
        CollectionRepository plain = repository(Map.of("enable_seqscan", "off", "hnsw.ef_search", "40",
                "hnsw.iterative_scan", "off"));
        assertThat(plain.query(c, q, new FilterParser().parseWhere(where, "where"), 10, Set.of(Include.METADATAS))
                .collectList().block()).hasSizeLessThan(10);

        // And through the service (pool settings; whatever plan PostgreSQL picks): k rows.
        assertThat(fx.search.query(Tenant.DEFAULT, name, null, List.of(q), where, null, 10, Include.QUERY_DEFAULT).block().get(0)).hasSize(10);

        List<String> exact = IntStream.range(0, n).filter(i -> i % 100 == 0).boxed()
                .sorted(Comparator.comparingDouble(i -> CollectionsFixture.cosineDistance(q, v[i]))).limit(10).map(i -> "r" + i).toList();
        long overlap = hits.stream().map(CollectionRecord::id).filter(exact::contains).count();
        assertThat(overlap).as("recall@10 of the filtered HNSW search").isGreaterThanOrEqualTo(8);
        assertThat(hits.get(0).distance()).isCloseTo(CollectionsFixture.cosineDistance(q, v[Integer.parseInt(hits.get(0).id().substring(1))]),
                org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void distancesFollowChromaFormulas() {
        float[] a = unit(1, 0, 0);
        float[] b = unit(0, 1, 0);
        for (Distance d : Distance.values()) {
            String name = "dist-" + d.wire() + "-" + UUID.randomUUID().toString().substring(0, 6);
            fx.catalog.create(Tenant.DEFAULT, new CollectionSpec(name, fx.JSON.createObjectNode(), EmbeddingDomain.TEXT, d, HnswParams.DEFAULTS), false).block();
            fx.writes.add(Tenant.DEFAULT, name, List.of(new CollectionRecord("a", "a", fx.JSON.createObjectNode(), pad(a), null),
                    new CollectionRecord("b", "b", fx.JSON.createObjectNode(), pad(b), null))).block();
            List<CollectionRecord> hits = fx.search.query(Tenant.DEFAULT, name, null, List.of(pad(a)), null, null, 2, Include.QUERY_DEFAULT).block().get(0);
            assertThat(hits).extracting(CollectionRecord::id).containsExactly("a", "b");
            double expectedB = switch (d) {
                case COSINE -> 1.0; // 1 - cos 90°
                case L2 -> 2.0;     // squared euclidean
                case IP -> 1.0;     // 1 - dot
            };
            assertThat(hits.get(0).distance()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(hits.get(1).distance()).isCloseTo(expectedB, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void queryTextsUseTheRealModelAndQueryValidationNamesTheField() {
        String name = "text-" + UUID.randomUUID().toString().substring(0, 8);
        fx.catalog.create(Tenant.DEFAULT, new CollectionSpec(name, fx.JSON.createObjectNode(), EmbeddingDomain.TEXT, Distance.COSINE,
                HnswParams.DEFAULTS), false).block();
        fx.writes.add(Tenant.DEFAULT, name, List.of(
                new CollectionRecord("cat", "The cat sleeps on the warm windowsill.", fx.JSON.createObjectNode(), null, null),
                new CollectionRecord("db", "PostgreSQL stores rows in heap pages.", fx.JSON.createObjectNode(), null, null),
                new CollectionRecord("rain", "Heavy rain is expected tomorrow afternoon.", fx.JSON.createObjectNode(), null, null))).block();
        List<List<CollectionRecord>> r = fx.search.query(Tenant.DEFAULT, name, List.of("a kitten napping in the sun", "weather forecast"), null,
                null, null, 1, Include.QUERY_DEFAULT).block();
        assertThat(r.get(0)).extracting(CollectionRecord::id).containsExactly("cat");
        assertThat(r.get(1)).extracting(CollectionRecord::id).containsExactly("rain");
        assertThatThrownBy(() -> fx.search.query(Tenant.DEFAULT, name, null, List.of(new float[5]), null, null, 1, Include.QUERY_DEFAULT).block())
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.field()).isEqualTo("query_embeddings[0]"));
        assertThatThrownBy(() -> fx.search.query(Tenant.DEFAULT, name, List.of("x"), List.of(new float[384]), null, null, 1, Include.QUERY_DEFAULT))
                .isInstanceOf(ServiceException.class);
    }

    private CollectionRepository repository(Map<String, String> options) {
        PostgresqlConnectionConfiguration.Builder b = PostgresqlConnectionConfiguration.builder()
                .host(fx.url.host()).port(fx.url.port()).database(fx.url.database())
                .username(fx.url.user() == null ? "postgres" : fx.url.user()).options(options);
        if (fx.url.password() != null) {
            b.password(fx.url.password());
        }
        return new CollectionRepository(DatabaseClient.create(new PostgresqlConnectionFactory(b.build())), fx.JSON,
                java.time.Duration.ofSeconds(5), 4);
    }

    private static float[] unit(float... xs) {
        return xs;
    }

    private static float[] pad(float[] v) {
        float[] out = new float[384];
        System.arraycopy(v, 0, out, 0, v.length);
        return out;
    }
}
