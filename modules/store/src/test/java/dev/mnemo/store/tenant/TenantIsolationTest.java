package dev.mnemo.store.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.collections.CollectionRecord;
import dev.mnemo.model.collections.Distance;
import dev.mnemo.model.collections.HnswParams;
import dev.mnemo.model.search.Terms;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.collections.CollectionRepository;
import dev.mnemo.store.collections.CollectionTables;
import dev.mnemo.store.collections.NewCollection;
import dev.mnemo.store.db.ConnectionFactories;
import dev.mnemo.store.events.EventQuery;
import dev.mnemo.store.events.EventStoreFixture;
import dev.mnemo.store.events.NewEvent;
import dev.mnemo.store.graph.GraphRepository;
import dev.mnemo.store.sql.Sql;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two walls between tenants: every statement names its tenant, and PostgreSQL's row-level security (migration V6)
 * holds even for statements that do not. The second half runs SQL without any tenant predicate, inside tenant B's
 * scope, and must see, change and delete nothing of tenant A.
 */
class TenantIsolationTest {

    static final JsonMapper JSON = JsonMapper.shared();
    static final Tenant A = new Tenant("tenant-a");
    static final Tenant B = new Tenant("tenant-b");
    static EventStoreFixture store;
    static DatabaseClient db;
    static TenantScope scope;
    static UUID eventOfA;

    @BeforeAll
    static void setUp() {
        store = new EventStoreFixture("tenants", JSON);
        db = DatabaseClient.create(store.pool);
        scope = new TenantScope(db, TransactionalOperator.create(new R2dbcTransactionManager(store.pool)));
        TenantRepository tenants = new TenantRepository(db);
        tenants.create(A).block();
        tenants.create(B).block();
        eventOfA = UUID.randomUUID();
        store.repo.insertAll(A, List.of(event(eventOfA, "secret of a"), event(null, "more of a"))).blockLast();
        store.repo.insertAll(B, List.of(event(null, "of b"))).blockLast();
    }

    @AfterAll
    static void tearDown() {
        store.close();
    }

    private static NewEvent event(UUID id, String text) {
        return new NewEvent(id, null, JSON.createObjectNode().put("text", text), JSON.createObjectNode().put("t", "x"),
                new float[] {1, 0, 0, 0, 0, 0, 0, 0}, "m", null, null);
    }

    private static long count(Tenant tenant, String sql) {
        return scope.mono(tenant, db.sql(sql).map(row -> row.get(0, Long.class)).one()).block();
    }

    @Test
    void repositoriesNameTheTenantInEveryStatement() {
        assertThat(store.repo.findById(B, eventOfA).blockOptional()).isEmpty();
        assertThat(store.repo.findById(A, eventOfA).blockOptional()).isPresent();
        assertThat(store.repo.delete(B, eventOfA).block()).isFalse();
        assertThat(store.repo.mergeMetadata(B, eventOfA, JSON.createObjectNode().put("x", 1)).blockOptional()).isEmpty();
        assertThat(store.repo.count(A).block()).isEqualTo(2);
        assertThat(store.repo.count(B).block()).isEqualTo(1);
        assertThat(store.repo.search(B, new EventQuery(new float[] {1, 0, 0, 0, 0, 0, 0, 0}, null, null, null, 10, 0,
                false, false)).block().events()).extracting(e -> e.content().get("text").asString()).containsExactly("of b");
        // The same id in two tenants is two events: one tenant's id neither collides with nor reveals another's.
        assertThat(store.repo.insertAll(B, List.of(event(eventOfA, "b's own"))).blockLast().inserted()).isTrue();
        assertThat(store.repo.findById(A, eventOfA).block().content().get("text").asString()).isEqualTo("secret of a");
        store.repo.delete(B, eventOfA).block();
    }

    @Test
    void rowLevelSecurityAloneHidesEveryOtherTenant() {
        // No tenant predicate in any statement below: only the policies stand between B and A's rows.
        assertThat(count(B, "SELECT count(*) FROM events")).isEqualTo(1);
        assertThat(count(A, "SELECT count(*) FROM events")).isEqualTo(2);
        assertThat(scope.mono(B, db.sql("SELECT count(*) FROM events WHERE id = $1").bind(0, eventOfA)
                .map(row -> row.get(0, Long.class)).one()).block()).isZero();
        assertThat(scope.mono(B, db.sql("UPDATE events SET metadata = '{}'::jsonb").fetch().rowsUpdated()).block())
                .as("B updates only its own rows").isEqualTo(1);
        assertThat(scope.mono(B, db.sql("DELETE FROM events WHERE id = $1").bind(0, eventOfA).fetch().rowsUpdated())
                .block()).isZero();
        assertThat(count(A, "SELECT count(*) FROM events")).isEqualTo(2);
        // Writing into another tenant is refused by the policy's WITH CHECK.
        assertThatThrownBy(() -> scope.mono(B, db.sql("INSERT INTO events (tenant_id, content) VALUES ('tenant-a', '{}')")
                .fetch().rowsUpdated()).block()).hasMessageContaining("row-level security");
        assertThatThrownBy(() -> scope.mono(B, db.sql("UPDATE events SET tenant_id = 'tenant-a'").fetch().rowsUpdated())
                .block()).hasMessageContaining("row-level security");
    }

    @Test
    void thePipelinedReadRunsInTheScopeAndLeavesTheConnectionClean() {
        // One connection, so what a read leaves behind is what the next user of the pool finds.
        ConnectionPool one = ConnectionFactories.pool(store.db, new ConnectionFactories.PoolOptions(1, 1,
                Duration.ofSeconds(5), Duration.ofSeconds(30), 40, true));
        try {
            TenantScope single = new TenantScope(DatabaseClient.create(one),
                    TransactionalOperator.create(new R2dbcTransactionManager(one)));
            // No tenant predicate: the policy alone decides, so the scope must be in force when the statement runs.
            assertThat(single.read(B, new Sql().append("SELECT count(*) FROM events"), row -> row.get(0, Long.class))
                    .blockLast()).isEqualTo(1);
            assertThat(single.read(A, new Sql().append("SELECT current_user::text"), row -> row.get(0, String.class))
                    .blockLast()).isEqualTo(TenantScope.ROLE);
            assertThat(clean(one)).as("role, tenant and transaction end with the read").isEqualTo("true||I");

            // A failing statement reports its own error, and the connection is clean after it too.
            assertThatThrownBy(() -> single.read(A, new Sql().append("SELECT 1 / 0"), row -> row.get(0)).blockLast())
                    .hasMessageContaining("division by zero");
            assertThat(clean(one)).isEqualTo("true||I");
            // A reader that stops early (next) leaves nothing open either.
            assertThat(single.read(A, new Sql().append("SELECT g FROM generate_series(1, 10000) g"),
                    row -> row.get(0, Integer.class)).next().block()).isEqualTo(1);
            // At once, a transactional user of the same connection gets a transaction of its own, in its scope
            // (had the read's transaction been left open, the driver would skip the BEGIN and the scope would not hold).
            assertThat(single.mono(B, DatabaseClient.create(one).sql("SELECT current_setting('mnemo.tenant', true)"
                    + " || '|' || (now() = statement_timestamp())::text").map(row -> row.get(0, String.class)).one()
                    .flatMap(first -> DatabaseClient.create(one).sql("SELECT current_setting('mnemo.tenant', true)")
                            .map(row -> first + "|" + row.get(0, String.class)).one())).block())
                    .isEqualTo("tenant-b|false|tenant-b");
            assertThat(clean(one)).isEqualTo("true||I");
        } finally {
            one.dispose();
        }
    }

    /** Whether the session's own role is back, the tenant setting and transaction state ('I' idle, 'T' in a transaction) as one string. */
    private static String clean(ConnectionPool pool) {
        return DatabaseClient.create(pool).sql("SELECT (current_user = session_user)::text || '|' || coalesce(current_setting('mnemo.tenant',"
                        + " true), '') || '|' || CASE WHEN now() = statement_timestamp() THEN 'I' ELSE 'T' END")
                .map(row -> row.get(0, String.class)).one().block();
    }

    @Test
    void withoutATenantTheServiceRoleSeesNothing() {
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(store.pool));
        Long seen = tx.transactional(db.sql("SELECT set_config('role', $1, true)").bind(0, TenantScope.ROLE).then()
                .then(db.sql("SELECT count(*) FROM events").map(row -> row.get(0, Long.class)).one())).block();
        assertThat(seen).isZero();
        assertThatThrownBy(() -> tx.transactional(db.sql("SELECT set_config('role', $1, true)").bind(0, TenantScope.ROLE)
                .then().then(db.sql("INSERT INTO events (content) VALUES ('{}')").fetch().rowsUpdated())).block())
                .as("no tenant, no default for tenant_id").isNotNull();
    }

    @Test
    void graphAndCollectionsAreIsolatedToo() {
        GraphRepository graph = new GraphRepository(db, TransactionalOperator.create(new R2dbcTransactionManager(store.pool)), JSON);
        UUID node = UUID.randomUUID();
        graph.createNode(A, node, "person", "Ada", null).block();
        assertThat(graph.node(B, node).blockOptional()).isEmpty();
        assertThat(count(B, "SELECT count(*) FROM nodes")).isZero();
        assertThat(count(A, "SELECT count(*) FROM nodes")).isEqualTo(1);

        CollectionRepository collections = new CollectionRepository(db, JSON, Duration.ofSeconds(5), 4);
        CollectionInfo c = collections.create(new NewCollection(A, "notes", JSON.createObjectNode(), "TEXT",
                Distance.COSINE, HnswParams.DEFAULTS, 8)).block();
        collections.write(c, List.of(new CollectionRecord("r1", "doc", JSON.createObjectNode(),
                new float[] {1, 0, 0, 0, 0, 0, 0, 0}, null)), List.of(new Terms(Map.of("doc", 1), 1)), true).block();
        assertThat(collections.find(B, "notes").blockOptional()).as("names are per tenant").isEmpty();
        // B may own a collection of the same name.
        CollectionInfo ofB = collections.create(new NewCollection(B, "notes", JSON.createObjectNode(), "TEXT",
                Distance.COSINE, HnswParams.DEFAULTS, 8)).block();
        assertThat(ofB.id()).isNotEqualTo(c.id());
        String records = CollectionTables.table(c.id());
        assertThat(count(A, "SELECT count(*) FROM " + records)).isEqualTo(1);
        assertThat(count(B, "SELECT count(*) FROM " + records)).as("RLS on A's records table").isZero();
        String postings = "SELECT count(*) FROM lexical_postings WHERE index_id = '" + records + "'";
        assertThat(count(A, postings)).as("the document's terms, indexed with it").isEqualTo(1);
        assertThat(count(B, postings)).as("RLS on A's postings").isZero();
        assertThat(scope.mono(B, db.sql("DELETE FROM " + records).fetch().rowsUpdated()).block()).isZero();
        assertThat(count(A, "SELECT count(*) FROM " + records)).isEqualTo(1);
        assertThat(collections.drop(B, "notes").block()).isTrue();
        assertThat(collections.find(A, "notes").blockOptional()).as("B's drop left A's collection").isPresent();
        Mono.when(collections.drop(A, "notes")).block();
        assertThat(count(A, postings)).as("a dropped collection leaves no postings").isZero();
    }
}
