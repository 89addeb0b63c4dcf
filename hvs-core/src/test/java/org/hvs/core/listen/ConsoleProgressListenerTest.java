package org.hvs.core.listen;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleProgressListenerTest {
    private static final long SECOND = 1_000_000_000L;

    /** Runs 2 epochs x 3 steps of 1 s each (batch 8) through the listener; returns what it printed. */
    private static String simulate(ConsoleProgressListener.Builder builder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        ConsoleProgressListener l = builder.out(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .clock(clock::get).build();
        l.onFitStart(new FitInfo("simsiam", "hvs", 2, 3, 6, 8));
        for (int step = 0; step < 6; step++) {
            clock.addAndGet(SECOND);
            l.onStepEnd(StepRecord.of(step, step / 3, 3.0 - 0.5 * step, 1e-3, 1000));
            if (step % 3 == 2) {
                Map<String, Double> eval = step == 5 ? Map.of("knn_top1", 0.5) : Map.of();
                l.onEpochEnd(step / 3, new EpochSummary(step / 3, 3, step == 2 ? 2.5 : 1.0, 1000, eval));
            }
        }
        l.onFitEnd(new FitSummary(6, 6000, 0.5));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void logModePrintsEveryKStepsAndEachEpochEnd() {
        String text = simulate(ConsoleProgressListener.builder().terminal(false).logEvery(2));
        assertFalse(text.contains("\r"));
        List<String> expected = List.of(
                "fit simsiam with hvs views: 2 epochs x 3 steps, batch 8",
                "epoch 1/2 step 2/6 loss 2.5000 lr 1.000e-03 8.0 img/s eta 0:00:04",
                "epoch 1/2 done: 3 steps, mean loss 2.5000, mean step 1000.0 ms",
                "epoch 2/2 step 4/6 loss 1.5000 lr 1.000e-03 8.0 img/s eta 0:00:02",
                "epoch 2/2 step 6/6 loss 0.5000 lr 1.000e-03 8.0 img/s eta 0:00:00",
                "epoch 2/2 done: 3 steps, mean loss 1.0000, mean step 1000.0 ms, knn_top1 0.5000",
                "fit done: 6 steps in 0:00:06, final loss 0.5000");
        assertEquals(expected, text.lines().toList());
    }

    @Test
    void terminalModeRedrawsOneLineWithABar() {
        String text = simulate(ConsoleProgressListener.builder().terminal(true).barWidth(6));
        assertTrue(text.contains("\r[=     ] step 1/6 loss 3.0000"), text);
        assertTrue(text.contains("\r[===   ] step 3/6 loss 2.0000 lr 1.000e-03 8.0 img/s eta 0:00:03"), text);
        assertTrue(text.contains("\r[======] step 6/6"), text);
        // the epoch summary starts on a line of its own, after the redrawn bar
        assertTrue(text.contains("eta 0:00:03\nepoch 1/2 done: 3 steps"), text);
        // header, then per epoch the redrawn bar line and the summary, then the fit summary
        assertEquals(6, text.split("\n").length, text);
    }

    @Test
    void worksWithoutFitStart() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgressListener l = ConsoleProgressListener.builder().terminal(false).logEvery(1)
                .out(new PrintStream(bytes, true, StandardCharsets.UTF_8)).build();
        l.onStepEnd(StepRecord.of(4, 2, 0.25, 0.5, 10));
        assertEquals("epoch 3 step 5 loss 0.2500 lr 5.000e-01\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void durationFormat() {
        assertEquals("1:02:05", ConsoleProgressListener.duration(3725));
        assertEquals("0:00:00", ConsoleProgressListener.duration(-3));
    }

    @Test
    void validation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConsoleProgressListener.builder().logEvery(0).build());
        assertEquals("logEvery must be >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConsoleProgressListener.builder().barWidth(0).build());
        assertEquals("barWidth must be >= 1, got 0", e.getMessage());
    }
}
