package dev.mnemo.store.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.model.events.Event;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.events.EventRepository.WriteResult;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The multi-row {@link EventRepository#insertAll}: exact round trips, duplicates, input order. */
class EventBatchInsertTest {

    static final JsonMapper json = JsonMapper.shared();
    static EventStoreFixture store;
    static EventRepository repo;

    @BeforeAll
    static void setUp() {
        store = new EventStoreFixture("events_batch", json);
        repo = store.repo;
    }

    @AfterAll
    static void tearDown() {
        if (store != null) {
            store.close();
        }
    }

    static float[] random(Random r) {
        float[] v = new float[8];
        for (int i = 0; i < v.length; i++) {
            v[i] = (r.nextFloat() - 0.5f) * (float) Math.pow(10, r.nextInt(9) - 4);
        }
        return v;
    }

    static NewEvent event(UUID id, int n, String tag, boolean meta, float[] text, float[] code, OffsetDateTime ts) {
        return new NewEvent(id, ts, json.readTree("{\"n\":" + n + ",\"s\":\"it's \\\"quoted\\\" ünï\"}"),
                meta ? json.readTree("{\"tag\":\"" + tag + "\",\"n\":" + n + "}") : null,
                text, text == null ? null : "m", code, code == null ? null : "c");
    }

    @Test
    void mixedNullsRoundTripExactlyInInputOrder() {
        Random r = new Random(42);
        String tag = UUID.randomUUID().toString();
        OffsetDateTime ts = OffsetDateTime.of(2025, 3, 4, 5, 6, 7, 123_456_000, ZoneOffset.ofHours(2));
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            batch.add(event(i == 5 ? null : UUID.randomUUID(), i, tag, i % 3 != 0, i % 2 == 0 ? random(r) : null,
                    i % 4 == 1 ? random(r) : null, i % 5 == 0 ? ts : null));
        }
        OffsetDateTime before = OffsetDateTime.now().minusMinutes(1);
        List<WriteResult> results = repo.insertAll(Tenant.DEFAULT, batch).collectList().block();

        assertThat(results).hasSize(batch.size()).allMatch(WriteResult::inserted);
        for (int i = 0; i < batch.size(); i++) {
            NewEvent in = batch.get(i);
            WriteResult result = results.get(i);
            if (in.id() != null) {
                assertThat(result.id()).isEqualTo(in.id());
            }
            Event out = repo.findById(Tenant.DEFAULT, result.id()).block();
            assertThat(out).as("event %d", i).isNotNull();
            assertThat(out.content()).isEqualTo(in.content());
            assertThat(out.metadata()).isEqualTo(in.metadata() == null ? json.createObjectNode() : in.metadata());
            assertVector(out.embedding(), in.embedding());
            assertVector(out.embeddingCode(), in.embeddingCode());
            if (in.timestamp() != null) {
                assertThat(out.timestamp().toInstant()).isEqualTo(in.timestamp().toInstant());
            } else {
                assertThat(out.timestamp()).isAfter(before);
            }
        }
        assertThat(results.get(5).id()).isNotNull().isNotIn(batch.stream().map(NewEvent::id).toList());
    }

    @Test
    void resentBatchAndRepeatedIdsAreReportedNotInserted() {
        String tag = UUID.randomUUID().toString();
        Random r = new Random(3);
        List<NewEvent> first = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            first.add(event(UUID.randomUUID(), i, tag, true, random(r), null, null));
        }
        // Within one call, the second occurrence of an id is not inserted (the first one wins, as a retry would).
        List<NewEvent> withRepeat = new ArrayList<>(first);
        withRepeat.add(2, event(first.get(4).id(), 99, tag, true, null, null, null));
        assertThat(repo.insertAll(Tenant.DEFAULT, withRepeat).collectList().block()).extracting(WriteResult::id, WriteResult::inserted)
                .containsExactly(result(first.get(0), true), result(first.get(1), true), result(first.get(4), true),
                        result(first.get(2), true), result(first.get(3), true), result(first.get(4), false));
        assertThat(repo.findById(Tenant.DEFAULT, first.get(4).id()).block().content().get("n").asInt()).isEqualTo(99);

        // Re-sent with a repeat and new events interleaved: only the new ones are inserted, order kept.
        NewEvent fresh1 = event(UUID.randomUUID(), 10, tag, true, random(r), random(r), null);
        NewEvent fresh2 = event(UUID.randomUUID(), 11, tag, false, null, null, null);
        List<NewEvent> again = List.of(first.get(3), fresh1, first.get(0), first.get(3), fresh2, first.get(1), fresh1);
        assertThat(repo.insertAll(Tenant.DEFAULT, again).collectList().block()).extracting(WriteResult::id, WriteResult::inserted)
                .containsExactly(result(first.get(3), false), result(fresh1, true), result(first.get(0), false),
                        result(first.get(3), false), result(fresh2, true), result(first.get(1), false),
                        result(fresh1, false));
        assertThat(repo.search(Tenant.DEFAULT, new EventQuery(null, null, new dev.mnemo.model.filter.Filter.Contains(
                json.readTree("{\"tag\":\"" + tag + "\"}")), null, 100, 0, true, true)).block().total()).isEqualTo(6);
    }

    @Test
    void largeBatchSpanningSeveralStatementsKeepsOrder() {
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < 2345; i++) {
            batch.add(event(UUID.randomUUID(), i, "large", i % 2 == 0, null, null, null));
        }
        List<WriteResult> results = repo.insertAll(Tenant.DEFAULT, batch).collectList().block();
        assertThat(results).extracting(WriteResult::id).containsExactlyElementsOf(batch.stream().map(NewEvent::id).toList());
        assertThat(results).allMatch(WriteResult::inserted);
    }

    static org.assertj.core.groups.Tuple result(NewEvent e, boolean inserted) {
        return org.assertj.core.groups.Tuple.tuple(e.id(), inserted);
    }

    static void assertVector(float[] actual, float[] expected) {
        if (expected == null) {
            assertThat(actual).isNull();
            return;
        }
        assertThat(actual).hasSize(expected.length);
        for (int k = 0; k < expected.length; k++) {
            assertThat(Float.floatToIntBits(actual[k])).as("element %d", k).isEqualTo(Float.floatToIntBits(expected[k]));
        }
    }
}
