package dev.mnemo.core.data;

import java.time.Duration;

/**
 * How a long data job (export, import, reindex) reports progress and learns that it should stop. Faces supply
 * their own (the admin shell draws a progress bar and stops on Ctrl-C or after --max-batches).
 */
public interface Job {

    /** {@code amount} more units done. */
    void advance(long amount);

    /** The job ended (finished or stopped). */
    void finish();

    /** Time since the job started. */
    Duration elapsed();

    /** Asked between batches: stop now (every finished batch is committed). */
    boolean stopRequested();

    /** Whether the stop came from an interrupt (Ctrl-C) rather than a batch limit. */
    boolean interrupted();

    /** One batch committed (a batch limit counts them). */
    void batchDone();
}
