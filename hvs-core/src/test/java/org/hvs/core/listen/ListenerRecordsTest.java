package org.hvs.core.listen;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ListenerRecordsTest {

    @Test
    void stepRecordKeepsExtraOrderAndIsImmutable() {
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put("z", 1.0);
        extra.put("a", 2.0);
        StepRecord r = new StepRecord(3, 1, 0.5, 0.1, 10, 2, 0.2, 0.4, extra);
        extra.put("later", 3.0);
        assertEquals(List.of("z", "a"), new ArrayList<>(r.extra().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> r.extra().put("x", 1.0));
    }

    @Test
    void compositeForwardsEveryEventInOrder() {
        List<String> events = new ArrayList<>();
        TrainingListener a = recorder("a", events);
        TrainingListener b = recorder("b", events);
        TrainingListener all = TrainingListener.all(a, b);
        all.onFitStart(new FitInfo("m", "s", 1, 1, 1, 1));
        all.onStepEnd(StepRecord.of(0, 0, 1, 0.1, 1));
        all.onEpochEnd(0, EpochSummary.of(0, 1, 1, 1));
        all.onFitEnd(new FitSummary(1, 1, 1));
        assertEquals(List.of("a:start", "b:start", "a:step0", "b:step0", "a:epoch0", "b:epoch0", "a:end", "b:end"),
                events);
        new TrainingListener() { }.onStepEnd(StepRecord.of(0, 0, 1, 0.1, 1)); // defaults are no-ops
    }

    private static TrainingListener recorder(String name, List<String> events) {
        return new TrainingListener() {
            @Override
            public void onFitStart(FitInfo info) {
                events.add(name + ":start");
            }

            @Override
            public void onStepEnd(StepRecord record) {
                events.add(name + ":step" + record.step());
            }

            @Override
            public void onEpochEnd(int epoch, EpochSummary summary) {
                events.add(name + ":epoch" + epoch);
            }

            @Override
            public void onFitEnd(FitSummary summary) {
                events.add(name + ":end");
            }
        };
    }

    @Test
    void validation() {
        assertMessage("extra metric name must not be a standard key, got loss",
                () -> new StepRecord(0, 0, 1, 1, 1, 1, 1, 1, Map.of("loss", 1.0)));
        assertMessage("step must be >= 0, got -1", () -> StepRecord.of(-1, 0, 1, 1, 1));
        assertMessage("epoch must be >= 0, got -2", () -> StepRecord.of(0, -2, 1, 1, 1));
        assertMessage("epochs must be >= 1, got 0", () -> new FitInfo("m", "s", 0, 1, 1, 1));
        assertMessage("stepsPerEpoch must be >= 1, got 0", () -> new FitInfo("m", "s", 1, 0, 1, 1));
        assertMessage("totalSteps must be >= 1, got 0", () -> new FitInfo("m", "s", 1, 1, 0, 1));
        assertMessage("batchSize must be >= 1, got 0", () -> new FitInfo("m", "s", 1, 1, 1, 0));
        assertMessage("epoch must be >= 0, got -1", () -> EpochSummary.of(-1, 1, 1, 1));
        assertMessage("steps must be >= 0, got -1", () -> EpochSummary.of(0, -1, 1, 1));
        assertMessage("steps must be >= 0, got -1", () -> new FitSummary(-1, 1, 1));
        assertMessage("wallMs must be >= 0, got NaN", () -> new FitSummary(1, Double.NaN, 1));
        assertThrows(NullPointerException.class, () -> new FitInfo(null, "s", 1, 1, 1, 1));
    }

    private static void assertMessage(String message, org.junit.jupiter.api.function.Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }
}
