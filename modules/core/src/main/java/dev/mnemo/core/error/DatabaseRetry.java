package dev.mnemo.core.error;

import dev.mnemo.store.StoreErrors;
import dev.mnemo.store.StoreException;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Retries of database work that is safe to repeat: reads, and writes that are idempotent because every row carries
 * its id before it is sent ({@code ON CONFLICT (id) DO NOTHING}). Only what the store calls
 * {@linkplain StoreException#retryable() retryable} is retried; what still fails after the last try becomes a
 * {@link ServiceException}: "unavailable" (HTTP 503) unless the caller's mapping says which input it concerns.
 */
public final class DatabaseRetry {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRetry.class);
    static final int ATTEMPTS = 3;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private DatabaseRetry() {
    }

    public static <T> Mono<T> mono(Mono<T> work, String what) {
        return mono(work, what, e -> toService(e, what));
    }

    public static <T> Flux<T> flux(Flux<T> work, String what) {
        return flux(work, what, e -> toService(e, what));
    }

    /** Like {@link #mono(Mono, String)}, failures mapped by {@code errors}. */
    public static <T> Mono<T> mono(Mono<T> work, String what, Function<Throwable, ServiceException> errors) {
        return work.retryWhen(policy(what)).onErrorMap(errors);
    }

    public static <T> Flux<T> flux(Flux<T> work, String what, Function<Throwable, ServiceException> errors) {
        return work.retryWhen(policy(what)).onErrorMap(errors);
    }

    /** Work that must not be repeated (a stream already partly sent): failures mapped as {@link #flux}, no retry. */
    public static <T> Flux<T> once(Flux<T> work, String what) {
        return work.onErrorMap(e -> toService(e, what));
    }

    /**
     * The generic meaning of a failure: a value PostgreSQL refused is the request's fault (400, in our words, not
     * PostgreSQL's: input checks name the field first, this is the net under them); too much costly work is BUSY;
     * anything else is an outage.
     */
    public static ServiceException toService(Throwable failure, String what) {
        if (failure instanceof ServiceException s) {
            return s;
        }
        StoreException e = StoreErrors.translate(failure);
        return switch (e.kind()) {
            case INVALID_VALUE, INVALID_PATTERN -> new ServiceException(ServiceException.Kind.INVALID, "body",
                    "storable value", "A value in the request cannot be stored or compared (" + what + ")", e);
            case BUSY -> ServiceException.busy(e.getMessage());
            default -> ServiceException.unavailable("The database is unavailable (" + what + ")", e);
        };
    }

    private static Retry policy(String what) {
        return Retry.backoff(ATTEMPTS, FIRST_BACKOFF)
                .filter(e -> !(e instanceof ServiceException) && StoreErrors.translate(e).retryable())
                .doBeforeRetry(s -> log.warn("{} failed ({}); retry {} of {}", what, s.failure().toString(),
                        s.totalRetries() + 1, ATTEMPTS))
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }
}
