package dev.mnemo.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.core.collections.CollectionsFixture;
import dev.mnemo.core.search.SelectiveFilters;
import dev.mnemo.model.filter.Filter;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.events.EventQuery;
import dev.mnemo.store.events.EventStoreFixture;
import dev.mnemo.store.events.NewEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A vector search with a metadata filter: a selective filter's matches are ranked exactly (found through the GIN
 * index), a broad filter walks the HNSW graph and only checks candidates. Both give the right answer; the choice
 * comes from counting matches up to a cap.
 */
class EventFilterScanTest {

    static final JsonMapper json = JsonMapper.shared();
    static EventStoreFixture store;
    static final int N = 6000;
    static final float[][] vectors = new float[N][];

    @BeforeAll
    static void setUp() {
        store = new EventStoreFixture("event_filters", json);
        Random random = new Random(5);
        List<NewEvent> rows = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            float[] v = new float[8];
            for (int d = 0; d < 8; d++) {
                v[d] = random.nextFloat() - 0.5f;
            }
            vectors[i] = v;
            rows.add(new NewEvent(new UUID(7, i), null, json.createObjectNode().put("n", i),
                    json.createObjectNode().put("rare", i % 100 == 0).put("broad", i % 13 != 0), v, "test", null, null));
        }
        for (int from = 0; from < N; from += 1000) {
            store.repo.insertAll(Tenant.DEFAULT, rows.subList(from, from + 1000)).then().block();
        }
    }

    @AfterAll
    static void tearDown() {
        store.close();
    }

    private static List<Integer> search(float[] q, JsonNode filter, boolean scanMatches) {
        return store.repo.search(Tenant.DEFAULT, new EventQuery(q, null, new Filter.Contains(filter), null, 10, 0, false, scanMatches))
                .block().events().stream().map(e -> e.content().get("n").asInt()).toList();
    }

    @Test
    void selectiveFiltersAreRankedExactlyBroadOnesWalkTheGraph() {
        JsonNode rare = json.readTree("{\"rare\": true}");
        JsonNode broad = json.readTree("{\"broad\": true}");
        SelectiveFilters<Filter> choice = new SelectiveFilters<>((f, cap) -> store.repo.countMatches(Tenant.DEFAULT, f, cap));
        assertThat(choice.selective(new Filter.Contains(rare)).block()).as("60 matches of 6 000").isTrue();
        assertThat(choice.selective(new Filter.Contains(broad)).block()).as("5 538 matches of 6 000").isFalse();
        assertThat(store.repo.countMatches(Tenant.DEFAULT, new Filter.Contains(broad), 100).block()).as("counting stops at the cap").isEqualTo(100);

        float[] q = vectors[4321];
        List<Integer> exact = IntStream.range(0, N).filter(i -> i % 100 == 0).boxed()
                .sorted(Comparator.comparingDouble(i -> CollectionsFixture.cosineDistance(q, vectors[i]))).limit(10).toList();
        assertThat(search(q, rare, true)).containsExactlyElementsOf(exact);
        List<Integer> walked = search(q, broad, false);
        assertThat(walked).hasSize(10).allMatch(i -> i % 13 != 0);
        List<Integer> broadTruth = IntStream.range(0, N).filter(i -> i % 13 != 0).boxed()
                .sorted(Comparator.comparingDouble(i -> CollectionsFixture.cosineDistance(q, vectors[i]))).limit(10).toList();
        assertThat(walked).as("recall of the graph walk").filteredOn(broadTruth::contains).hasSizeGreaterThanOrEqualTo(9);
    }
}
