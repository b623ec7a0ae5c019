package dev.mnemo.core.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemo.core.MnemoCore;
import dev.mnemo.core.events.EventDraft;
import dev.mnemo.core.events.EventService;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingConfig;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.db.DatabaseUrl;
import io.r2dbc.pool.ConnectionPool;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** A database that cannot be reached: reads and writes are retried, then reported as unavailable, never as a 500. */
class DatabaseRetryTest {

    @Test
    void unreachableDatabaseIsRetriedThenReportedUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "postgresql://postgres@127.0.0.1:" + closedPort + "/nowhere";
        MnemoSettings settings = new Binder(new MapConfigurationPropertySource(Map.of("mnemo.db.url", url,
                "mnemo.db.acquire-timeout", "1s"))).bindOrCreate("mnemo", MnemoSettings.class);
        ConnectionPool pool = MnemoCore.pool(DatabaseUrl.parse(url), settings);
        try (DualEmbeddingService embeddings = new DualEmbeddingService(EmbeddingConfig.defaults().withPreloadText(false))) {
            EventService service = MnemoCore.builder(settings, pool).embeddings(embeddings)
                    .indexer(1, java.time.Duration.ofHours(1), false).build().events();
            long start = System.nanoTime();
            assertThatThrownBy(() -> service.get(Tenant.DEFAULT, UUID.randomUUID()).block())
                    .isInstanceOf(ServiceException.class)
                    .hasMessageContaining("database is unavailable")
                    .satisfies(e -> assertThat(((ServiceException) e).kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE));
            // Three retries with exponential backoff from 100 ms (jitter halves at most): at least ~350 ms spent.
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);

            EventDraft draft = new EventDraft(null, null, JsonMapper.shared().readTree("{\"n\":1}"), null, null, null);
            assertThatThrownBy(() -> service.createAll(Tenant.DEFAULT, java.util.List.of(draft), "").blockLast())
                    .isInstanceOf(ServiceException.class)
                    .satisfies(e -> assertThat(((ServiceException) e).kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE));
        } finally {
            pool.dispose();
        }
    }
}
