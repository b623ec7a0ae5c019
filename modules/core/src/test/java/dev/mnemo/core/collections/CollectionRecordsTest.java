package dev.mnemo.core.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.collections.CollectionRecord;
import dev.mnemo.model.collections.Distance;
import dev.mnemo.model.collections.HnswParams;
import dev.mnemo.model.collections.Include;
import dev.mnemo.model.collections.RecordPatch;
import dev.mnemo.model.tenant.Tenant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.ObjectNode;

class CollectionRecordsTest {

    private final CollectionsFixture fx = CollectionsFixture.get();

    private String newCollection(Distance distance) {
        String name = "rec-" + UUID.randomUUID().toString().substring(0, 8);
        fx.catalog.create(Tenant.DEFAULT, new CollectionSpec(name, (ObjectNode) fx.JSON.readTree("{\"owner\":\"t\"}"), EmbeddingDomain.TEXT,
                distance, new HnswParams(8, 32)), false).block();
        return name;
    }

    private CollectionRecord rec(String id, String doc, String metadata, float[] v) {
        return new CollectionRecord(id, doc, (ObjectNode) fx.JSON.readTree(metadata), v, null);
    }

    @Test
    void collectionsAreCreatedListedFoundAndDropped() {
        String name = newCollection(Distance.L2);
        CollectionInfo c = fx.catalog.get(Tenant.DEFAULT, name).block();
        assertThat(c.distance()).isEqualTo(Distance.L2);
        assertThat(c.hnsw()).isEqualTo(new HnswParams(8, 32));
        assertThat(c.dimension()).isEqualTo(384);
        assertThat(c.metadata().get("owner").stringValue()).isEqualTo("t");
        assertThat(fx.catalog.list(Tenant.DEFAULT, 1000, 0).map(CollectionInfo::name).collectList().block()).contains(name);
        assertThatThrownBy(() -> fx.catalog.create(Tenant.DEFAULT, new CollectionSpec(name, fx.JSON.createObjectNode(), EmbeddingDomain.TEXT,
                Distance.COSINE, HnswParams.DEFAULTS), false).block())
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.CONFLICT));
        assertThat(fx.catalog.create(Tenant.DEFAULT, new CollectionSpec(name, fx.JSON.createObjectNode(), EmbeddingDomain.TEXT,
                Distance.COSINE, HnswParams.DEFAULTS), true).block().id()).isEqualTo(c.id());
        fx.catalog.delete(Tenant.DEFAULT, name).block();
        assertThatThrownBy(() -> fx.catalog.get(Tenant.DEFAULT, name).block()).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> fx.catalog.delete(Tenant.DEFAULT, name).block()).isInstanceOf(ServiceException.class);
        assertThatThrownBy(() -> new CollectionSpec("bad name!", fx.JSON.createObjectNode(), EmbeddingDomain.TEXT,
                Distance.COSINE, HnswParams.DEFAULTS)).hasFieldOrPropertyWithValue("field", "name");
        assertThatThrownBy(() -> new CollectionSpec("ok", fx.JSON.createObjectNode(), EmbeddingDomain.TEXT,
                Distance.COSINE, new HnswParams(16, 20))).hasFieldOrPropertyWithValue("field", "hnsw.ef_construction");
    }

    @Test
    void addUpsertGetUpdateDeleteCount() {
        String name = newCollection(Distance.COSINE);
        float[][] v = CollectionsFixture.vectors(4, 384, 7);
        fx.writes.add(Tenant.DEFAULT, name, List.of(rec("1", "one", "{\"k\":1}", v[0]), rec("2", "two", "{\"k\":2}", v[1]))).block();
        assertThatThrownBy(() -> fx.writes.add(Tenant.DEFAULT, name, List.of(rec("2", "again", "{}", v[2]), rec("3", "three", "{}", v[2]))).block())
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.CONFLICT);
                    assertThat(e.getMessage()).contains("[2]");
                });
        assertThat(fx.catalog.count(Tenant.DEFAULT, name).block()).as("a failed add writes nothing").isEqualTo(2);

        fx.writes.upsert(Tenant.DEFAULT, name, List.of(rec("2", "TWO", "{\"k\":22}", v[1]), rec("3", "three", "{\"k\":3}", v[2]))).block();
        fx.writes.upsert(Tenant.DEFAULT, name, List.of(rec("2", "TWO", "{\"k\":22}", v[1]), rec("3", "three", "{\"k\":3}", v[2]))).block();
        assertThat(fx.catalog.count(Tenant.DEFAULT, name).block()).isEqualTo(3);

        List<CollectionRecord> got = fx.search.getRecords(Tenant.DEFAULT, name, List.of("2", "3", "missing"), null, null, null, null,
                EnumSet.allOf(Include.class)).block();
        assertThat(got).extracting(CollectionRecord::id).containsExactly("2", "3");
        assertThat(got.get(0).document()).isEqualTo("TWO");
        assertThat(got.get(0).metadata().get("k").intValue()).isEqualTo(22);
        assertThat(got.get(0).embedding()).containsExactly(v[1]);

        fx.writes.update(Tenant.DEFAULT, name, List.of(new RecordPatch("1", null, (ObjectNode) fx.JSON.readTree("{\"k\":null,\"new\":\"x\"}"), null),
                new RecordPatch("3", null, null, v[3]))).block();
        List<CollectionRecord> after = fx.search.getRecords(Tenant.DEFAULT, name, List.of("1", "3"), null, null, null, null,
                EnumSet.allOf(Include.class)).block();
        assertThat(after.get(0).metadata().toString()).isEqualTo("{\"new\":\"x\"}");
        assertThat(after.get(0).document()).isEqualTo("one");
        assertThat(after.get(1).embedding()).containsExactly(v[3]);
        assertThatThrownBy(() -> fx.writes.update(Tenant.DEFAULT, name, List.of(new RecordPatch("nope", "x", null, v[0]))).block())
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.NOT_FOUND));

        assertThat(fx.search.getRecords(Tenant.DEFAULT, name, null, null, null, 2, 1, Include.GET_DEFAULT).block())
                .extracting(CollectionRecord::id).containsExactly("2", "3");
        assertThat(fx.writes.deleteRecords(Tenant.DEFAULT, name, null, fx.JSON.readTree("{\"k\":3}"), null).block()).isEqualTo(1);
        assertThat(fx.writes.deleteRecords(Tenant.DEFAULT, name, List.of("1"), null, null).block()).isEqualTo(1);
        assertThat(fx.catalog.count(Tenant.DEFAULT, name).block()).isEqualTo(1);
        assertThatThrownBy(() -> fx.writes.deleteRecords(Tenant.DEFAULT, name, null, null, null)).isInstanceOf(ServiceException.class);
    }

    @Test
    void limitsAndDimensionAreEnforced() {
        String name = newCollection(Distance.IP);
        assertThatThrownBy(() -> fx.writes.upsert(Tenant.DEFAULT, name, List.of(rec("x", "d", "{}", new float[3]))).block())
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID);
                    assertThat(e.field()).isEqualTo("embeddings[0]");
                });
        List<CollectionRecord> many = IntStream.range(0, 1001).mapToObj(i -> rec("r" + i, "d", "{}", new float[384])).toList();
        assertThatThrownBy(() -> fx.writes.upsert(Tenant.DEFAULT, name, many).block())
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.TOO_LARGE));
        assertThatThrownBy(() -> fx.writes.add(Tenant.DEFAULT, "no-such-collection", List.of()).block())
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.NOT_FOUND));
    }

    @Test
    void ndjsonUpsertOf50000LinesLosesNothingAndStreamsBackInKeysetPages() {
        String name = newCollection(Distance.COSINE);
        float[][] v = CollectionsFixture.vectors(1000, 384, 3);
        int n = 50_000;
        Flux<String> lines = Flux.range(0, n + 2).map(i -> {
            if (i == 10) {
                return "{not json";
            }
            if (i == 11) {
                return "{\"id\": \"bad-dim\", \"embedding\": [1, 2]}";
            }
            float[] e = v[i % v.length];
            StringBuilder sb = new StringBuilder("{\"id\":\"id-").append(String.format("%06d", i)).append("\",\"document\":\"doc ")
                    .append(i).append("\",\"metadata\":{\"i\":").append(i).append("},\"embedding\":[");
            for (int d = 0; d < e.length; d++) {
                sb.append(d == 0 ? "" : ",").append(e[d]);
            }
            return sb.append("]}").toString();
        });
        long start = System.nanoTime();
        List<LineResult> results = fx.writes.upsertLines(Tenant.DEFAULT, name, lines).collectList().block();
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("NDJSON upsert of " + n + " records: " + ms + " ms");
        assertThat(results).hasSize(n + 2);
        assertThat(results.stream().filter(r -> r.status().equals("ok")).count()).isEqualTo(n);
        assertThat(results.get(10).error().rule()).isEqualTo("json");
        assertThat(results.get(10).line()).isEqualTo(11);
        assertThat(results.get(11).error().field()).isEqualTo("embedding");
        assertThat(fx.catalog.count(Tenant.DEFAULT, name).block()).isEqualTo(n);

        List<String> streamed = new ArrayList<>();
        fx.search.stream(Tenant.DEFAULT, name, EnumSet.of(Include.METADATAS)).map(CollectionRecord::id).doOnNext(streamed::add).blockLast();
        assertThat(streamed).hasSize(n).doesNotHaveDuplicates().isSorted();
        assertThat(streamed.stream().collect(Collectors.toSet())).contains("id-000000", "id-050001");
    }

    /**
     * An upsert of 20 000 records through the service with mnemo.limits.max-batch-size=20000, one statement: the
     * former VALUES list bound four parameters per record and failed beyond 16 383 records (PostgreSQL's 65 535-parameter
     * limit).
     */
    @Test
    void twentyThousandRecordsAreUpsertedInOneCall() {
        MnemoSettings big = new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(java.util.Map.of(
                        "mnemo.db.url", fx.url.toUrl(), "mnemo.limits.max-batch-size", "20000")))
                .bindOrCreate("mnemo", MnemoSettings.class);
        // The indexer stays stopped: it would spend minutes putting 20 000 vectors into a graph nobody queries.
        Collections collections = dev.mnemo.core.MnemoCore.builder(big, fx.pool)
                .indexer(1, java.time.Duration.ofHours(1), false).build().collections();
        String name = newCollection(Distance.COSINE);
        float[][] v = CollectionsFixture.vectors(20_000, 384, 3);
        List<CollectionRecord> records = java.util.stream.IntStream.range(0, 20_000)
                .mapToObj(i -> rec("big" + i, i % 2 == 0 ? null : "doc " + i, "{\"i\":" + i + "}", v[i])).toList();
        try {
            assertThat(collections.writes().upsert(Tenant.DEFAULT, name, records).block().count()).isEqualTo(20_000L);
            assertThat(collections.catalog().count(Tenant.DEFAULT, name).block()).isEqualTo(20_000L);
            assertThat(collections.writes().upsert(Tenant.DEFAULT, name, records.subList(0, 3)).block().count()).as("an upsert again")
                    .isEqualTo(3L);
            assertThatThrownBy(() -> fx.writes.upsert(Tenant.DEFAULT, name, records)).as("the default limit, 1 000")
                    .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.TOO_LARGE));
        } finally {
            fx.catalog.delete(Tenant.DEFAULT, name).block();
        }
    }
}
