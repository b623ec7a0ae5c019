package dev.mnemo.shell.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during long work: the first press asks the work to stop after the batch in flight (each batch is its own
 * transaction, so nothing is half-written); the previous handler is then restored, so a second press aborts at once.
 * Also stops after a maximum number of batches ({@code --max-batches}), which is how tests interrupt half-way.
 */
public final class StopRequest implements AutoCloseable {

    private static final Signal INT = new Signal("INT");

    private final AtomicBoolean requested = new AtomicBoolean();
    private final long maxBatches;
    private SignalHandler previous;
    private long batches;

    private StopRequest(long maxBatches) {
        this.maxBatches = maxBatches;
    }

    /** Watches Ctrl-C until closed; {@code maxBatches <= 0} means no batch limit. */
    public static StopRequest watch(long maxBatches) {
        StopRequest stop = new StopRequest(maxBatches);
        try {
            stop.previous = Signal.handle(INT, signal -> {
                stop.requested.set(true);
                System.err.println(System.lineSeparator()
                        + "Ctrl-C: stopping after the current batch (press Ctrl-C again to abort at once)");
                stop.restore();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // No SIGINT on this platform/JVM (-Xrs): the batch limit still works.
        }
        return stop;
    }

    /** Counts one finished batch. */
    public void batchDone() {
        batches++;
    }

    public boolean requested() {
        return requested.get() || (maxBatches > 0 && batches >= maxBatches);
    }

    public boolean interrupted() {
        return requested.get();
    }

    private synchronized void restore() {
        if (previous != null) {
            try {
                Signal.handle(INT, previous);
            } catch (IllegalArgumentException e) {
                // ignore: nothing to restore
            }
            previous = null;
        }
    }

    @Override
    public void close() {
        restore();
    }
}
