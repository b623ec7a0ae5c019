package dev.mnemo.store.collections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

class PermitGateTest {

    @Test
    void atMostPermitsRunTheQueueWaitsAndBeyondItIsBusy() {
        PermitGate gate = new PermitGate(2, 3, "costly reads", Duration.ZERO);
        AtomicInteger started = new AtomicInteger();
        List<Sinks.Empty<Void>> works = new ArrayList<>();
        List<Object> outcomes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Sinks.Empty<Void> work = Sinks.empty();
            works.add(work);
            gate.run(Flux.defer(() -> {
                started.incrementAndGet();
                return work.asMono().thenMany(Flux.just("done"));
            })).subscribe(outcomes::add, outcomes::add);
        }
        assertThat(started).hasValue(2);
        assertThat(gate.running()).isEqualTo(2);
        assertThat(outcomes).hasSize(1).first().isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.BUSY));

        works.get(0).tryEmitEmpty(); // one finishes: the first waiter starts, still two running
        assertThat(started).hasValue(3);
        assertThat(gate.running()).isEqualTo(2);
        works.get(1).tryEmitEmpty();
        works.get(2).tryEmitEmpty();
        works.get(3).tryEmitEmpty();
        works.get(4).tryEmitEmpty();
        assertThat(started).hasValue(5);
        assertThat(gate.running()).isZero();
        assertThat(outcomes).filteredOn("done"::equals).hasSize(5);
    }

    @Test
    void aWaiterThatGivesUpHoldsNoPermit() {
        PermitGate gate = new PermitGate(1, 2, "costly reads", Duration.ZERO);
        Sinks.Empty<Void> first = Sinks.empty();
        gate.run(first.asMono().thenMany(Flux.just(1))).subscribe();
        Disposable waiter = gate.run(Flux.just(2)).subscribe();
        waiter.dispose();
        first.tryEmitEmpty();
        assertThat(gate.running()).isZero();
        assertThat(gate.run(Flux.just(3)).collectList().block(Duration.ofSeconds(1))).containsExactly(3);
    }

    @Test
    void cancelledWorkKeepsItsPermitWhileTheDatabaseFinishesIt() throws InterruptedException {
        PermitGate gate = new PermitGate(1, 0, "costly reads", Duration.ofMillis(300));
        Disposable running = gate.run(Sinks.<Void>empty().asMono().thenMany(Flux.just(1))).subscribe();
        running.dispose(); // the client left; the statement goes on in PostgreSQL
        assertThat(gate.running()).isEqualTo(1);
        assertThat(gate.run(Flux.just(2)).collectList().map(Object::toString).onErrorResume(StoreException.class,
                e -> reactor.core.publisher.Mono.just(e.kind().name())).block()).isEqualTo("BUSY");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (gate.running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(gate.running()).isZero();
    }
}
