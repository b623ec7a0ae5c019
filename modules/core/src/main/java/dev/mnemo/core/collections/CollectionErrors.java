package dev.mnemo.core.collections;

import dev.mnemo.core.error.DatabaseRetry;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.store.StoreErrors;
import dev.mnemo.store.StoreException;
import reactor.core.publisher.Mono;

/** What a store failure means to a collection's caller: which input it concerns, or that the database is down. */
final class CollectionErrors {

    private CollectionErrors() {
    }

    /** A failure of a records write: a duplicate key is an id that exists, whether or not the store named it. */
    static ServiceException ofRecords(Throwable failure, String collection) {
        StoreException e = failure instanceof ServiceException ? null : StoreErrors.translate(failure);
        if (e != null && e.kind() == StoreException.Kind.DUPLICATE) {
            return ServiceException.conflict("ids", "Records already exist (use upsert to replace them)"
                    + (e.keys().isEmpty() ? "" : ": " + e.keys()));
        }
        return map(failure, collection);
    }

    /** A read of {@code collection}, retried when the store says it may be, its failure mapped by {@link #map}. */
    static <T> Mono<T> read(Mono<T> work, String collection) {
        return DatabaseRetry.mono(work, "collection " + collection, e -> map(e, collection));
    }

    static ServiceException map(Throwable failure, String collection) {
        if (failure instanceof ServiceException s) {
            return s;
        }
        StoreException e = StoreErrors.translate(failure);
        return switch (e.kind()) {
            case INVALID_PATTERN -> ServiceException.invalid("where_document", "regex",
                    "The regex is not valid: " + e.getMessage());
            case TIMEOUT -> new ServiceException(ServiceException.Kind.INVALID, "where_document", "timeout",
                    "The query exceeded its time limit (a costly regex?); narrow the filter", e);
            case MISSING_TABLE -> ServiceException.notFound("Collection", collection);
            case DUPLICATE -> e.keys().isEmpty()
                    ? ServiceException.conflict("name", "A collection named " + collection + " already exists")
                    : ServiceException.conflict("ids", "Records already exist (use upsert to replace them): " + e.keys());
            default -> DatabaseRetry.toService(e, "collection " + collection);
        };
    }
}
