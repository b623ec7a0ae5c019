package dev.mnemo.bench.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gate's logic on real measurements: the BOTH memory probe in a fresh JVM and the committed ratio, measured once
 * (short rounds), then judged against a tiny budget (must fail, naming the figure, the limit and the case) and against
 * the committed limits (must pass).
 */
@Timeout(120)
class GateTest {

    static final Path FLOORS = Path.of("gate-floors.properties");
    static Gate.Measurements measured;

    @BeforeAll
    static void measure() throws Exception {
        Gate.Limits committed = Gate.Limits.load(FLOORS, Map.of());
        measured = Gate.measure(1, 3, committed.floors().keySet());
    }

    @Test
    void failsWhenTheBudgetIsBelowTheMeasuredFootprint() throws Exception {
        Gate.Limits tiny = Gate.Limits.load(FLOORS, Map.of(Gate.BUDGET_ENV, "64"));
        List<Gate.Check> failed = Gate.evaluate(measured, tiny).stream().filter(c -> !c.ok()).toList();

        assertEquals(1, failed.size(), () -> "expected only the memory check to fail: " + failed);
        String message = failed.get(0).message();
        long mb = measured.memoryBoth().get("model_memory_mb").asLong();
        assertEquals("FAIL model memory with both domains loaded [BOTH: TEXT+CODE after batches of 32] = " + mb
                + " MB exceeds the limit 64 MB (MNEMO_BENCH_BUDGET_MB=64)", message);
    }

    @Test
    void passesWithTheCommittedBudgetAndFloors() throws Exception {
        Gate.Limits committed = Gate.Limits.load(FLOORS, Map.of());
        assertEquals(1024, committed.budgetMb());
        List<Gate.Check> checks = Gate.evaluate(measured, committed);
        assertTrue(checks.size() >= 2, "memory and at least one ratio are gated");
        checks.forEach(c -> assertTrue(c.ok(), c::message));
        assertTrue(measured.memoryBoth().get("model_memory_mb").asLong() > 100, "both models really loaded");
    }

    @Test
    void failsWhenARatioFallsBelowItsFloor() throws Exception {
        Gate.Limits committed = Gate.Limits.load(FLOORS, Map.of());
        Gate.Measurements slow = new Gate.Measurements(
                JsonMapper.shared().readTree("{\"model_memory_mb\": 500}"),
                Map.of(Ratios.BATCHED_VS_SINGLE, new Ratios.Ratio(Ratios.BATCHED_VS_SINGLE, 1.05, 1.0, 1.1, 300, 285, 9)));
        List<Gate.Check> failed = Gate.evaluate(slow, committed).stream().filter(c -> !c.ok()).toList();
        assertEquals(1, failed.size());
        assertEquals("FAIL throughput ratio text_batched_vs_single [TEXT, 32 short sentences, median of 9 rounds]"
                + " = 1.05x is below the floor 1.20x (floor.text_batched_vs_single in gate-floors.properties)",
                failed.get(0).message());
        assertFalse(failed.get(0).ok());
    }
}
