package dev.mnemo.core.collections;

import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.settings.MnemoSettings;
import java.time.Duration;

/**
 * Limits and sizes of the collections API.
 *
 * @param maxBatch              records per add/upsert/update/get-by-ids call and query vectors per query (413 beyond)
 * @param maxResults            n_results / limit per call
 * @param maxTextChars          characters per document
 * @param streamChunk           NDJSON lines written per statement
 * @param scanPage              rows per keyset page when streaming a collection out
 * @param documentFilterTimeout statement_timeout of reads with a document filter (regex)
 * @param documentFilterPermits reads with a document filter running at once: a quarter of the pool, so plain reads
 *                              always find a connection
 */
public record CollectionLimits(int maxBatch, int maxResults, int maxTextChars, int streamChunk, int scanPage,
                               Duration documentFilterTimeout, int documentFilterPermits) {

    public static CollectionLimits from(MnemoSettings settings) {
        return new CollectionLimits(settings.limits().maxBatchSize(), 1000, settings.limits().maxTextChars(), 500, 500,
                settings.search().documentFilterTimeout(), Math.max(1, settings.db().poolMaxSize() / 4));
    }

    /** {@code n} when it is a valid result count (1..maxResults), else INVALID naming {@code field}. */
    public int results(int n, String field) {
        if (n < 1 || n > maxResults) {
            throw ServiceException.invalid(field, "range 1.." + maxResults, field + " is between 1 and " + maxResults);
        }
        return n;
    }

    /** INVALID / TOO_LARGE when a batch of {@code size} items exceeds {@link #maxBatch}. */
    public void requireBatch(int size, String field) {
        if (size > maxBatch) {
            throw ServiceException.tooLarge(field, maxBatch, size);
        }
    }
}
