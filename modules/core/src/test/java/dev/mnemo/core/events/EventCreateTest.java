package dev.mnemo.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemo.core.MnemoCore;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.events.EventDraft;
import dev.mnemo.core.events.EventService;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingConfig;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.events.EventStoreFixture;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Creating an event is one SQL statement: the insert returns the stored row (it was an insert, then a read). */
class EventCreateTest {

    static final JsonMapper json = JsonMapper.shared();
    static EventStoreFixture store;
    static DualEmbeddingService models;
    static final List<String> statements = new java.util.concurrent.CopyOnWriteArrayList<>();
    static EventService service;

    /** The pool, with every statement a connection creates counted. */
    private static ConnectionFactory counting(ConnectionFactory pool) {
        return new ConnectionFactory() {
            @Override
            public Publisher<? extends Connection> create() {
                return Mono.from(pool.create()).map(c -> (Connection) Proxy.newProxyInstance(
                        Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("createStatement")) {
                                statements.add((String) args[0]);
                            }
                            try {
                                return method.invoke(c, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }));
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return pool.getMetadata();
            }
        };
    }

    @BeforeAll
    static void setUp() {
        store = new EventStoreFixture("event_create", json);
        ConnectionFactory factory = counting(store.pool);
        MnemoSettings settings = new Binder(new MapConfigurationPropertySource(Map.of("mnemo.db.url", store.db.toUrl(),
                "mnemo.embedding.dimension", "8", "mnemo.embedding.code-dimension", "8")))
                .bindOrCreate("mnemo", MnemoSettings.class);
        // Events that bring their vector: no model runs.
        models = new DualEmbeddingService(EmbeddingConfig.defaults().withPreloadText(false));
        service = MnemoCore.builder(settings, factory).embeddings(models).indexer(1, java.time.Duration.ofHours(1), false)
                .build().events();
    }

    @AfterAll
    static void tearDown() {
        models.close();
        store.close();
    }

    @Test
    void aCreatedEventIsOneDataStatementAndAnExistingIdAConflict() {
        float[] v = {1, 0, 0, 0, 0, 0, 0, 0};
        UUID id = UUID.randomUUID();
        EventDraft draft = new EventDraft(id, null, json.createObjectNode().put("text", "one trip"),
                json.createObjectNode().put("k", 1), v, EmbeddingDomain.TEXT);
        // The first write of a tenant reads its quota, then remembers it (mnemo.quotas.usage-refresh).
        service.create(Tenant.DEFAULT, new EventDraft(null, null, json.createObjectNode().put("text", "warm-up"), null, v,
                EmbeddingDomain.TEXT)).block();
        assertThat(statements).anyMatch(sql -> sql.contains("FROM tenants"));
        statements.clear();
        EventService.Created created = service.create(Tenant.DEFAULT, draft).block();
        // One data statement (the insert returns the row); the other enters the tenant's scope (role + tenant).
        assertThat(statements).as("SQL statements for one create").hasSize(2);
        assertThat(statements.get(0)).contains("set_config('mnemo.tenant'");
        // The lexical index's postings and statistics are written by the same statement.
        assertThat(statements.get(1)).startsWith("WITH written AS").contains("INSERT INTO events").contains("RETURNING")
                .contains("INSERT INTO lexical_postings");
        assertThat(created.event().id()).isEqualTo(id);
        assertThat(created.event().content().get("text").asString()).isEqualTo("one trip");
        assertThat(created.event().metadata().get("k").asInt()).isEqualTo(1);
        assertThat(created.event().embedding()).containsExactly(v);
        assertThat(created.event().timestamp()).isNotNull();
        assertThat(store.repo.findById(Tenant.DEFAULT, id).block().content()).isEqualTo(created.event().content());

        assertThatThrownBy(() -> service.create(Tenant.DEFAULT, draft).block()).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.CONFLICT));
    }
}
