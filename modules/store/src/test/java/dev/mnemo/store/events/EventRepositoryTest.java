package dev.mnemo.store.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.model.events.Event;
import dev.mnemo.model.events.EventPage;
import dev.mnemo.model.filter.Filter;
import dev.mnemo.model.tenant.Tenant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventRepositoryTest {

    static EventStoreFixture store;
    static EventRepository repo;
    static final JsonMapper json = JsonMapper.shared();

    @BeforeAll
    static void setUp() {
        store = new EventStoreFixture("events", json);
        repo = store.repo;
    }

    @AfterAll
    static void tearDown() {
        if (store != null) {
            store.close();
        }
    }

    static JsonNode obj(String s) {
        return json.readTree(s);
    }

    static float[] unit(int hot, float noise, Random r) {
        float[] v = new float[8];
        for (int i = 0; i < 8; i++) {
            v[i] = (i == hot ? 1f : 0f) + noise * (r.nextFloat() - 0.5f);
        }
        return v;
    }

    @Test
    void insertsReadsPatchesAndDeletes() {
        UUID id = UUID.randomUUID();
        OffsetDateTime ts = OffsetDateTime.of(2025, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
        Event e = repo.insertOne(Tenant.DEFAULT, new NewEvent(id, ts, obj("{\"text\":\"hello\"}"), obj("{\"a\":1}"),
                new float[] {1, 0, 0, 0, 0, 0, 0, 0}, "m", null, null)).block();
        assertThat(e.id()).isEqualTo(id);
        assertThat(e.timestamp().toInstant()).isEqualTo(ts.toInstant());
        assertThat(e.content().get("text").asString()).isEqualTo("hello");
        assertThat(e.embedding()).containsExactly(1, 0, 0, 0, 0, 0, 0, 0);
        assertThat(e.embeddingCode()).isNull();

        Event patched = repo.mergeMetadata(Tenant.DEFAULT, id, obj("{\"b\":2}")).block();
        assertThat(patched.metadata().get("a").asInt()).isEqualTo(1);
        assertThat(patched.metadata().get("b").asInt()).isEqualTo(2);

        assertThat(repo.delete(Tenant.DEFAULT, id).block()).isTrue();
        assertThat(repo.delete(Tenant.DEFAULT, id).block()).isFalse();
        assertThat(repo.findById(Tenant.DEFAULT, id).block()).isNull();
    }

    @Test
    void retriedBatchDuplicatesNothing() {
        List<NewEvent> batch = new ArrayList<>();
        String tag = UUID.randomUUID().toString();
        for (int i = 0; i < 50; i++) {
            batch.add(new NewEvent(UUID.randomUUID(), null, obj("{\"n\":" + i + "}"), obj("{\"batch\":\"" + tag + "\"}"),
                    null, null, null, null));
        }
        List<EventRepository.WriteResult> first = repo.insertAll(Tenant.DEFAULT, batch).collectList().block();
        List<EventRepository.WriteResult> again = repo.insertAll(Tenant.DEFAULT, batch).collectList().block();
        assertThat(first).hasSize(50).allMatch(EventRepository.WriteResult::inserted);
        assertThat(first).extracting(EventRepository.WriteResult::id).containsExactlyElementsOf(batch.stream().map(NewEvent::id).toList());
        assertThat(again).hasSize(50).noneMatch(EventRepository.WriteResult::inserted);
        EventPage page = repo.search(Tenant.DEFAULT, new EventQuery(null, null, contains("{\"batch\":\"" + tag + "\"}"), null, 100, 0, true, true)).block();
        assertThat(page.total()).isEqualTo(50);
    }

    @Test
    void vectorSearchCombinesFiltersAndOrdersByDistance() {
        Random r = new Random(7);
        String tag = UUID.randomUUID().toString();
        List<NewEvent> batch = new ArrayList<>();
        OffsetDateTime base = OffsetDateTime.of(2024, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        for (int i = 0; i < 40; i++) {
            batch.add(new NewEvent(null, base.plusDays(i), obj("{\"n\":" + i + "}"),
                    obj("{\"t\":\"" + tag + "\",\"parity\":\"" + (i % 2 == 0 ? "even" : "odd") + "\"}"),
                    unit(i % 4, 0.2f, r), "m", unit((i + 1) % 4, 0.2f, r), "c"));
        }
        repo.insertAll(Tenant.DEFAULT, batch).blockLast();
        float[] q = unit(0, 0, r);
        Filter evenInRange = Filter.allOf(contains("{\"t\":\"" + tag + "\",\"parity\":\"even\"}"),
                new Filter.Time(Filter.TimeOp.FROM, base.plusDays(10)), new Filter.Time(Filter.TimeOp.TO, base.plusDays(30)));
        EventPage page = repo.search(Tenant.DEFAULT, new EventQuery(q, null, evenInRange, null, 5, 0, true, true)).block();
        assertThat(page.events()).hasSize(5);
        for (Event e : page.events()) {
            int n = e.content().get("n").asInt();
            assertThat(n % 2).isZero();
            assertThat(n).isBetween(10, 30);
            assertThat(n % 4).isZero(); // nearest to axis 0
        }
        assertThat(page.events()).extracting(Event::similarity).isSortedAccordingTo((a, b) -> Double.compare(b, a));

        EventPage code = repo.search(Tenant.DEFAULT, new EventQuery(null, q, contains("{\"t\":\"" + tag + "\"}"), null, 3, 0, true, true)).block();
        assertThat(code.events()).allMatch(e -> e.content().get("n").asInt() % 4 == 3);

        // Both vectors: two rankings from one statement, the filter bound once for both legs.
        List<List<Event>> legs = repo.legs(Tenant.DEFAULT, new EventQuery(q, q, contains("{\"t\":\"" + tag + "\"}"), null, 10, 0, true, true), 10).block();
        assertThat(legs).hasSize(2);
        assertThat(legs.get(0)).hasSize(10).extracting(Event::similarity).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(legs.get(0).subList(0, 5)).allMatch(e -> e.content().get("n").asInt() % 4 == 0);
        assertThat(legs.get(1).subList(0, 5)).allMatch(e -> e.content().get("n").asInt() % 4 == 3);

        EventPage near = repo.search(Tenant.DEFAULT, new EventQuery(q, null, contains("{\"t\":\"" + tag + "\"}"), 0.05, 40, 0, true, true)).block();
        assertThat(near.events()).allMatch(e -> e.similarity() >= 0.95);
    }

    @Test
    void exportStreamsEverythingInKeysetPages() {
        String tag = UUID.randomUUID().toString();
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < 1234; i++) {
            batch.add(new NewEvent(null, null, obj("{\"n\":" + i + "}"), obj("{\"x\":\"" + tag + "\"}"), null, null, null, null));
        }
        repo.insertAll(Tenant.DEFAULT, batch).blockLast();
        List<Event> all = repo.export(Tenant.DEFAULT, contains("{\"x\":\"" + tag + "\"}")).collectList().block();
        assertThat(all).hasSize(1234);
        assertThat(all.stream().map(Event::id).distinct().count()).isEqualTo(1234);
    }

    private Filter contains(String json) {
        return new Filter.Contains(obj(json));
    }
}
