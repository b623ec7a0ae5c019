package dev.mnemo.core.collections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.core.MnemoCore;
import dev.mnemo.core.jobs.CollectionIndexer;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.collections.CollectionRecord;
import dev.mnemo.model.collections.Distance;
import dev.mnemo.model.collections.HnswParams;
import dev.mnemo.model.collections.Include;
import dev.mnemo.model.collections.RecordPatch;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.collections.CollectionTables;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Writes land outside the HNSW graph and the background indexer moves them in (CollectionTables explains why);
 * a record must be findable, exactly, the moment its write returns, and after the indexer ran, through the graph.
 */
class CollectionIndexTest {

    private final CollectionsFixture fx = CollectionsFixture.get();

    @Test
    void unindexedRecordsAreSearchedExactlyAndTheIndexerMovesThemIntoTheGraph() {
        // A service whose indexer is closed: every write stays pending, as after a crash or under a write burst.
        MnemoCore stopped = MnemoCore.builder(fx.settings, fx.pool).indexer(1, Duration.ofHours(1), false).build();
        stopped.close();
        Collections writer = stopped.collections();
        String name = "idx-" + UUID.randomUUID().toString().substring(0, 8);
        writer.catalog().create(Tenant.DEFAULT, new CollectionSpec(name, CollectionsFixture.JSON.createObjectNode(), EmbeddingDomain.TEXT,
                Distance.COSINE, HnswParams.DEFAULTS), false).block();
        int n = 3000;
        float[][] v = CollectionsFixture.vectors(n, 384, 5);
        Flux.range(0, n / 1000).concatMap(b -> writer.writes().upsert(Tenant.DEFAULT, name, IntStream.range(b * 1000, b * 1000 + 1000)
                .mapToObj(i -> new CollectionRecord("r" + i, "doc " + i, CollectionsFixture.JSON.createObjectNode()
                        .put("even", i % 2 == 0), v[i], null)).toList())).blockLast();
        CollectionInfo c = writer.catalog().get(Tenant.DEFAULT, name).block();
        assertThat(fx.repository.pendingIndex(c).block()).isEqualTo(n);

        // Pending records: the exact top-10, filter applied.
        float[] q = v[123];
        var even = CollectionsFixture.JSON.readTree("{\"even\": true}");
        List<String> exact = IntStream.range(0, n).filter(i -> i % 2 == 0).boxed()
                .sorted(Comparator.comparingDouble(i -> CollectionsFixture.cosineDistance(q, v[i]))).limit(10).map(i -> "r" + i).toList();
        List<String> before = ids(writer.search().query(Tenant.DEFAULT, name, null, List.of(q), even, null, 10, Include.QUERY_DEFAULT).block().get(0));
        assertThat(before).containsExactlyElementsOf(exact);

        // A fresh indexer finds the work by its first sweep (nobody told it) and moves every record into the graph.
        CollectionIndexer indexer = new CollectionIndexer(fx.repository, new dev.mnemo.store.tenant.TenantRepository(fx.db), 2, Duration.ofHours(1)).start();
        try {
            fx.awaitIndexed(name);
        } finally {
            indexer.close();
        }
        assertThat(fx.repository.pendingIndex(c).block()).isZero();
        fx.db.sql("ANALYZE " + dev.mnemo.store.collections.CollectionTables.table(c.id())).then().block();
        List<String> after = ids(writer.search().query(Tenant.DEFAULT, name, null, List.of(q), even, null, 10, Include.QUERY_DEFAULT).block().get(0));
        assertThat(after).hasSize(10);
        assertThat(after.stream().filter(exact::contains).count()).as("recall@10 through the graph").isGreaterThanOrEqualTo(8);

        // Re-writing an indexed record takes it out of the graph until the next pass; its new vector is found at
        // once and its old version is not returned.
        float[] moved = CollectionsFixture.vectors(1, 384, 77)[0]; // not any record's vector
        writer.writes().upsert(Tenant.DEFAULT, name, List.of(new CollectionRecord("r1", "doc 1 moved", CollectionsFixture.JSON.createObjectNode()
                .put("even", true), moved, null))).block();
        assertThat(fx.repository.pendingIndex(c).block()).isEqualTo(1);
        List<CollectionRecord> hits = writer.search().query(Tenant.DEFAULT, name, null, List.of(moved), even, null, 3, Include.QUERY_DEFAULT).block().get(0);
        assertThat(hits.get(0).id()).isEqualTo("r1");
        assertThat(hits.get(0).distance()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(ids(hits)).doesNotHaveDuplicates();
        assertThat(writer.catalog().count(Tenant.DEFAULT, name).block()).isEqualTo(n);
    }

    @Test
    void writesThroughTheServiceWakeTheIndexer() {
        // Its only sweep runs at start, before the collection exists: only the writes themselves can wake it.
        MnemoCore core = MnemoCore.builder(fx.settings, fx.pool).indexer(1, Duration.ofHours(1), true).build();
        Collections service = core.collections();
        try {
            String name = "wake-" + UUID.randomUUID().toString().substring(0, 8);
            service.catalog().create(Tenant.DEFAULT, new CollectionSpec(name, CollectionsFixture.JSON.createObjectNode(), EmbeddingDomain.TEXT,
                    Distance.COSINE, HnswParams.DEFAULTS), false).block();
            float[][] v = CollectionsFixture.vectors(300, 384, 9);
            service.writes().add(Tenant.DEFAULT, name, IntStream.range(0, 300).mapToObj(i -> new CollectionRecord("w" + i, null,
                    CollectionsFixture.JSON.createObjectNode(), v[i], null)).toList()).block();
            fx.awaitIndexed(name);
            service.writes().update(Tenant.DEFAULT, name, List.of(new RecordPatch("w7", null, CollectionsFixture.JSON.createObjectNode().put("x", 1), null))).block();
            assertThat(service.catalog().pendingIndex(Tenant.DEFAULT, name).block()).as("a patch re-queues its record").isLessThanOrEqualTo(1);
            fx.awaitIndexed(name);
            assertThat(service.catalog().pendingIndex(Tenant.DEFAULT, name).block()).isZero();
        } finally {
            core.close();
        }
    }

    private static List<String> ids(List<CollectionRecord> records) {
        return records.stream().map(CollectionRecord::id).toList();
    }
}
