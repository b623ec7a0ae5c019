package dev.mnemo.memory;

import io.r2dbc.spi.R2dbcException;
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

    /** Work that must not be repeated (a stream already partly sent): failures mapped as {@link #flux}, no retry. */
    public static <T> Flux<T> once(Flux<T> work, String what) {
        return work.onErrorMap(e -> !(e instanceof MemoryException), e -> unavailable(what, e));
    }

    /**
     * Worth another try: a lost or refused connection, a pool or statement timeout, and the SQLSTATE classes that
     * say "try again" (08 connection, 40 rollback/serialization, 53 resources, 57P operator intervention, 58
     * system). A data exception (class 22: a value PostgreSQL cannot store) fails the same way every time.
     */
    static boolean transientFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException r && r.getSqlState() != null && !r.getSqlState().isEmpty()) {
                String state = r.getSqlState();
                return state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                        || state.startsWith("57P") || state.startsWith("58");
            }
            if (t instanceof R2dbcTransientException || t instanceof R2dbcNonTransientResourceException
                    || t instanceof java.net.ConnectException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE class 22: the request carried a value PostgreSQL refuses (a bad request, not an outage). */
    static String dataException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException r && r.getSqlState() != null && r.getSqlState().startsWith("22")) {
                return r.getSqlState();
            }
        }
        return null;
    }

    private static Retry policy(String what) {
        return Retry.backoff(ATTEMPTS, FIRST_BACKOFF).filter(DatabaseRetry::transientFailure)
                .doBeforeRetry(s -> log.warn("{} failed ({}); retry {} of {}", what, s.failure().toString(),
                        s.totalRetries() + 1, ATTEMPTS))
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }

    private static MemoryException unavailable(String what, Throwable e) {
        String data = dataException(e);
        if (data != null) {
            // Input checks name the field first; this is the net under them, in our words (not PostgreSQL's).
            return new MemoryException(MemoryException.Kind.INVALID, "body", "storable value",
                    "A value in the request cannot be stored or compared (" + what + ")", e);
        }
        return MemoryException.unavailable("The database is unavailable (" + what + ")", e);
    }
}
