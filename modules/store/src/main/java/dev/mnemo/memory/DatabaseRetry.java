package dev.mnemo.memory;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Retries of database work that is safe to repeat: reads, and writes that are idempotent because every row carries
 * its id before it is sent ({@code ON CONFLICT (id) DO NOTHING}). Only connection-level and transient failures are
 * retried; what is still failing after the last try becomes a {@link MemoryException} "unavailable" (HTTP 503).
 */
public final class DatabaseRetry {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRetry.class);
    static final int ATTEMPTS = 3;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private DatabaseRetry() {
    }

    public static <T> Mono<T> mono(Mono<T> work, String what) {
        return work.retryWhen(policy(what)).onErrorMap(e -> !(e instanceof MemoryException), e -> unavailable(what, e));
    }

    public static <T> Flux<T> flux(Flux<T> work, String what) {
        return work.retryWhen(policy(what)).onErrorMap(e -> !(e instanceof MemoryException), e -> unavailable(what, e));
    }

    static boolean transientFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof R2dbcTransientException || t instanceof R2dbcNonTransientResourceException
                    || t instanceof java.net.ConnectException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static Retry policy(String what) {
        return Retry.backoff(ATTEMPTS, FIRST_BACKOFF).filter(DatabaseRetry::transientFailure)
                .doBeforeRetry(s -> log.warn("{} failed ({}); retry {} of {}", what, s.failure().toString(),
                        s.totalRetries() + 1, ATTEMPTS))
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }

    private static MemoryException unavailable(String what, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return MemoryException.unavailable("The database is unavailable (" + what + "): " + root.getMessage(), e);
    }
}
