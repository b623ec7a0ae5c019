package dev.mnemo.store.collections;

import dev.mnemo.store.StoreException;
import java.time.Duration;
import java.util.ArrayDeque;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;

/**
 * At most {@code permits} pieces of costly work at once, a short queue behind them, BUSY beyond: 40 concurrent
 * pathological regex filters held every pooled connection for their whole statement timeout, and plain searches
 * waited 10 s for a connection. Non-blocking: a waiter is a sink completed when a permit is handed to it.
 */
final class PermitGate {

    private final int permits;
    private final int maxWaiting;
    private final String what;
    private final Duration holdAfterCancel;
    private final ArrayDeque<Sinks.Empty<Void>> waiting = new ArrayDeque<>();
    private int running;

    /**
     * @param holdAfterCancel how long a cancelled piece of work keeps its permit: the database goes on with a
     *                        statement whose client left (up to its statement timeout), holding a connection
     */
    PermitGate(int permits, int maxWaiting, String what, Duration holdAfterCancel) {
        if (permits < 1 || maxWaiting < 0) {
            throw new IllegalArgumentException("permits >= 1 and maxWaiting >= 0");
        }
        this.permits = permits;
        this.maxWaiting = maxWaiting;
        this.what = what;
        this.holdAfterCancel = holdAfterCancel;
    }

    <T> Flux<T> run(Flux<T> work) {
        return Flux.defer(() -> {
            Sinks.Empty<Void> turn = Sinks.empty();
            synchronized (this) {
                if (running < permits) {
                    running++;
                    turn.tryEmitEmpty();
                } else if (waiting.size() < maxWaiting) {
                    waiting.add(turn);
                } else {
                    return Flux.error(new StoreException(StoreException.Kind.BUSY, permits + " " + what + " run at once and " + maxWaiting
                            + " wait; try again shortly", null));
                }
            }
            return turn.asMono().thenMany(work).doFinally(signal -> {
                if (signal == SignalType.CANCEL && !isWaiting(turn) && !holdAfterCancel.isZero()) {
                    Mono.delay(holdAfterCancel).subscribe(t -> release(turn));
                } else {
                    release(turn);
                }
            });
        });
    }

    /** Hands the permit to the next waiter; a waiter that gave up before its turn held none. */
    private void release(Sinks.Empty<Void> turn) {
        Sinks.Empty<Void> next;
        synchronized (this) {
            if (waiting.remove(turn)) {
                return;
            }
            next = waiting.poll();
            if (next == null) {
                running--;
                return;
            }
        }
        next.tryEmitEmpty();
    }

    private synchronized boolean isWaiting(Sinks.Empty<Void> turn) {
        return waiting.contains(turn);
    }

    synchronized int running() {
        return running;
    }
}
