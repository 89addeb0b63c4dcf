package org.hvs.core.schedule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleTest {
    private static final double EPS = 1e-12;

    // expected values worked out by hand from v = end + (start - end) * (1 + cos(pi t / T)) / 2
    @ParameterizedTest(name = "cosine({0}, {1}, {2}) at {3} = {4}")
    @CsvSource({
            "1.0,   0.0, 10,   0, 1.0",
            "1.0,   0.0, 10,   2, 0.9045084971874737",   // (1 + cos(0.2 pi)) / 2
            "1.0,   0.0, 10,   5, 0.5",
            "1.0,   0.0, 10,  10, 0.0",
            "1.0,   0.0, 10,  20, 0.0",                  // constant end after T
            // DINO teacher momentum 0.996 -> 1
            "0.996, 1.0, 100,   0, 0.996",
            "0.996, 1.0, 100,  25, 0.9965857864376269",  // 1 - 0.004 * (1 + cos(pi/4)) / 2
            "0.996, 1.0, 100,  50, 0.998",
            "0.996, 1.0, 100, 100, 1.0",
            "0.996, 1.0, 100, 5000, 1.0",
    })
    void cosine(double start, double end, long total, long step, double expected) {
        assertEquals(expected, Schedule.cosine(start, end, total).valueAt(step), EPS);
    }

    @ParameterizedTest(name = "linear({0}, {1}, {2}) at {3} = {4}")
    @CsvSource({
            "0.0,  1.0, 4, 0, 0.0",
            "0.0,  1.0, 4, 1, 0.25",
            "0.0,  1.0, 4, 3, 0.75",
            "0.0,  1.0, 4, 4, 1.0",
            "0.0,  1.0, 4, 9, 1.0",
            "2.0, -2.0, 8, 2, 1.0",
    })
    void linear(double start, double end, long steps, long step, double expected) {
        assertEquals(expected, Schedule.linear(start, end, steps).valueAt(step), EPS);
    }

    // DINO: linspace(0, 0.1, 5) = 0, .025, .05, .075, .1; then 0 + 0.05 * (1 + cos(pi i / 10)), i = t - 5
    @ParameterizedTest(name = "warmupCosine(0.1, 5, 15, 0) at {0} = {1}")
    @CsvSource({
            "0, 0.0", "1, 0.025", "2, 0.05", "4, 0.1",
            "5, 0.1",                       // cosine part starts at base
            "7, 0.09045084971874738",       // 0.05 * (1 + cos(0.2 pi))
            "10, 0.05",
            "15, 0.0", "100, 0.0",
    })
    void warmupCosineFromZero(long step, double expected) {
        assertEquals(expected, Schedule.warmupCosine(0.1, 5, 15, 0.0).valueAt(step), EPS);
    }

    @ParameterizedTest(name = "warmupCosine(0.01, 0.1, 3, 13, 0.001) at {0} = {1}")
    @CsvSource({
            "0, 0.01", "1, 0.055", "2, 0.1", // linspace(0.01, 0.1, 3)
            "3, 0.1",
            "8, 0.0505",                     // 0.001 + 0.099 * (1 + cos(pi / 2)) / 2
            "13, 0.001",
    })
    void warmupCosineFromGivenStart(long step, double expected) {
        assertEquals(expected, Schedule.warmupCosine(0.01, 0.1, 3, 13, 0.001).valueAt(step), EPS);
    }

    // DINO teacher temperature: linspace(0.04, 0.07, 30) then 0.07
    @ParameterizedTest(name = "teacher temp at {0} = {1}")
    @CsvSource({
            "0, 0.04",
            "10, 0.0503448275862069",        // 0.04 + 0.03 * 10 / 29
            "29, 0.07",
            "30, 0.07",
            "1000, 0.07",
    })
    void dinoTeacherTemperatureWarmup(long step, double expected) {
        assertEquals(expected, Schedule.warmupThenConstant(0.04, 0.07, 30).valueAt(step), EPS);
    }

    @Test
    void warmupCosineMatchesDinoCosineSchedulerArray() {
        double base = 5e-4;
        double fin = 1e-6;
        int epochs = 7;
        int perEpoch = 3;
        int warmupEpochs = 2;
        double startWarmup = 1e-5;
        // DINO utils.cosine_scheduler, written out as numpy builds it
        List<Double> dino = new ArrayList<>();
        int warmupIters = warmupEpochs * perEpoch;
        for (int i = 0; i < warmupIters; i++) {
            dino.add(startWarmup + (base - startWarmup) * i / (warmupIters - 1));
        }
        int rest = epochs * perEpoch - warmupIters;
        for (int i = 0; i < rest; i++) {
            dino.add(fin + 0.5 * (base - fin) * (1 + Math.cos(Math.PI * i / rest)));
        }
        Schedule s = Schedule.warmupCosine(startWarmup, base, warmupIters, (long) epochs * perEpoch, fin);
        for (int t = 0; t < dino.size(); t++) {
            assertEquals(dino.get(t), s.valueAt(t), 1e-15, "step " + t);
        }
    }

    @Test
    void warmupCosineWithoutWarmupIsCosine() {
        Schedule a = Schedule.warmupCosine(0.3, 0, 17, 0.01);
        Schedule b = Schedule.cosine(0.3, 0.01, 17);
        for (long t = 0; t < 20; t++) {
            assertEquals(b.valueAt(t), a.valueAt(t), EPS);
        }
    }

    @Test
    void warmupOfOneStepStartsAtWarmupStart() {
        Schedule s = Schedule.warmupThenConstant(0.5, 2.0, 1); // np.linspace(0.5, 2, 1) == [0.5]
        assertEquals(0.5, s.valueAt(0), EPS);
        assertEquals(2.0, s.valueAt(1), EPS);
        assertEquals(2.0, Schedule.warmupThenConstant(0.5, 2.0, 0).valueAt(0), EPS);
    }

    @ParameterizedTest(name = "piecewise at {0} = {1}")
    @CsvSource({"0, 0.1", "29, 0.1", "30, 0.01", "59, 0.01", "60, 0.001", "1000, 0.001"})
    void piecewise(long step, double expected) {
        Schedule s = Schedule.piecewise(new long[]{30, 60}, new double[]{0.1, 0.01, 0.001});
        assertEquals(expected, s.valueAt(step), EPS);
    }

    @Test
    void thenCountsTheSecondScheduleFromTheSwitch() {
        Schedule s = Schedule.linear(0, 1, 10).then(4, Schedule.linear(10, 20, 10));
        assertEquals(0.3, s.valueAt(3), EPS);
        assertEquals(10.0, s.valueAt(4), EPS);
        assertEquals(15.0, s.valueAt(9), EPS);
        assertEquals(2.5, Schedule.constant(0.5).scaled(5).valueAt(123), EPS);
    }

    @Test
    void cosineIsMonotoneBetweenEnds() {
        Schedule s = Schedule.cosine(1, 0, 50);
        for (long t = 1; t <= 60; t++) {
            assertTrue(s.valueAt(t) <= s.valueAt(t - 1), "not decreasing at " + t);
        }
    }

    @Test
    void validation() {
        assertMessage("totalSteps must be > 0, got 0", () -> Schedule.cosine(1, 0, 0));
        assertMessage("start must be finite, got NaN", () -> Schedule.cosine(Double.NaN, 0, 5));
        assertMessage("end must be finite, got Infinity", () -> Schedule.linear(0, Double.POSITIVE_INFINITY, 5));
        assertMessage("steps must be > 0, got -3", () -> Schedule.linear(0, 1, -3));
        assertMessage("warmupSteps must be in [0, totalSteps=10), got 10",
                () -> Schedule.warmupCosine(0.1, 10, 10, 0));
        assertMessage("warmupSteps must be in [0, totalSteps=10), got -1",
                () -> Schedule.warmupCosine(0.1, -1, 10, 0));
        assertMessage("finalValue must be finite, got NaN", () -> Schedule.warmupCosine(0.1, 1, 10, Double.NaN));
        assertMessage("warmupSteps must be >= 0, got -2", () -> Schedule.warmupThenConstant(0.04, 0.07, -2));
        assertMessage("piecewise needs boundaries.length + 1 = 3 values, got 2",
                () -> Schedule.piecewise(new long[]{1, 2}, new double[]{1, 2}));
        assertMessage("boundaries must be positive and strictly increasing, got [5, 5]",
                () -> Schedule.piecewise(new long[]{5, 5}, new double[]{1, 2, 3}));
        assertMessage("switchStep must be >= 0, got -1", () -> Schedule.constant(1).then(-1, Schedule.constant(2)));
        assertMessage("step must be >= 0, got -1", () -> Schedule.cosine(1, 0, 5).valueAt(-1));
        assertMessage("factor must be finite, got NaN", () -> Schedule.constant(1).scaled(Double.NaN));
    }

    private static void assertMessage(String message, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertEquals(message, ex.getMessage());
    }
}
