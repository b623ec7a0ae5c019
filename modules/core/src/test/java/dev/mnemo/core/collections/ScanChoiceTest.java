package dev.mnemo.core.collections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.core.search.FilterParser;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.collections.CollectionRecord;
import dev.mnemo.model.collections.Distance;
import dev.mnemo.model.collections.HnswParams;
import dev.mnemo.model.collections.Include;
import dev.mnemo.model.filter.Filter;
import dev.mnemo.model.tenant.Tenant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** A selective filter is answered by an exact scan of its matches, a broad one by the HNSW graph. */
class ScanChoiceTest {

    private final CollectionsFixture fx = CollectionsFixture.get();

    @Test
    void selectiveFiltersScanTheirMatchesExactlyBroadOnesWalkTheGraph() {
        String name = "scan-" + UUID.randomUUID().toString().substring(0, 8);
        fx.catalog.create(Tenant.DEFAULT, new CollectionSpec(name, CollectionsFixture.JSON.createObjectNode(), EmbeddingDomain.TEXT,
                Distance.COSINE, HnswParams.DEFAULTS), false).block();
        int n = 6000;
        float[][] v = CollectionsFixture.vectors(n, 384, 21);
        Flux.range(0, n / 1000).concatMap(b -> fx.writes.upsert(Tenant.DEFAULT, name, IntStream.range(b * 1000, b * 1000 + 1000)
                .mapToObj(i -> new CollectionRecord("s" + i, null, CollectionsFixture.JSON.createObjectNode()
                        .put("rare", i % 100 == 0).put("half", i % 2 == 0), v[i], null)).toList())).blockLast();
        fx.awaitIndexed(name);
        CollectionInfo c = fx.catalog.get(Tenant.DEFAULT, name).block();
        fx.db.sql("ANALYZE " + dev.mnemo.store.collections.CollectionTables.table(c.id())).then().block();

        FilterParser parser = new FilterParser();
        Filter rare = parser.parseWhere(CollectionsFixture.JSON.readTree("{\"rare\": true}"), "where");
        Filter half = parser.parseWhere(CollectionsFixture.JSON.readTree("{\"half\": true}"), "where");
        ScanChoice choice = new ScanChoice(fx.repository);
        assertThat(choice.exact(c, rare).block()).as("60 matches of 6 000").isTrue();
        assertThat(choice.exact(c, half).block()).as("3 000 matches of 6 000").isFalse();
        assertThat(choice.exact(c, null).block()).isFalse();
        Filter range = parser.parseWhere(CollectionsFixture.JSON.readTree("{\"n\": {\"$gte\": 5990}}"), "where");
        assertThat(choice.exact(c, range).block()).as("no index serves a range: an exact scan would read every row").isFalse();

        // The exact scan does not touch the HNSW index and returns the true top-10 of the matches, in order.
        float[] q = v[4321];
        assertThat(fx.repository.explainQuery(c, q, rare, 10, true).block()).doesNotContain(dev.mnemo.store.collections.CollectionTables.table(c.id()) + "_embedding_idx");
        List<String> truth = IntStream.range(0, n).filter(i -> i % 100 == 0).boxed()
                .sorted(Comparator.comparingDouble(i -> CollectionsFixture.cosineDistance(q, v[i])))
                .limit(10).map(i -> "s" + i).toList();
        List<CollectionRecord> hits = fx.search.query(Tenant.DEFAULT, name, null, List.of(q),
                CollectionsFixture.JSON.readTree("{\"rare\": true}"), null, 10, Include.QUERY_DEFAULT).block().get(0);
        assertThat(hits).extracting(CollectionRecord::id).containsExactlyElementsOf(truth);
        assertThat(fx.repository.query(c, q, rare, 10, Include.QUERY_DEFAULT, true).collectList().block())
                .extracting(CollectionRecord::id).containsExactlyElementsOf(truth);
    }
}
