package org.hvs.examples.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's step workers: the answer line, a real worker JVM, a failing one, and the block order. */
class StepWorkerTest {
    /** Tiny run options for a worker: a step takes milliseconds. */
    private static final List<String> TINY = List.of("--batch=4", "--width=4", "--image-size=16", "--threads=1",
            "--method=simclr");

    @Test
    void answerLineRoundTripsAndOtherLinesAreSkipped() {
        StepWorker.Step s = new StepWorker.Step(new Samples.Sample(312.5, 20, 3.25, 600, 17, 41.5), 55.25, 257.0, 7039);
        StepWorker.Step back = StepWorker.Step.parse(s.format());
        assertEquals(s, back);
        assertNull(StepWorker.Step.parse("[main] INFO org.nd4j - Loaded [CpuBackend] backend"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StepWorker.Step.parse(StepWorker.REPLY + " 1 2 3"));
        assertTrue(e.getMessage().contains("malformed answer '@hvs-step 1 2 3'"), e.getMessage());
    }

    /** The worker's side in this JVM: one answer per step line, an error on anything else. */
    @Test
    void serveAnswersEachStepAndStopsAtQuit() throws Exception {
        List<String> argv = new ArrayList<>(TINY);
        argv.add("--selector=hvs");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = StepWorker.serve(new Args(StepWorker.COMMAND, argv.toArray(String[]::new), 0),
                new BufferedReader(new StringReader("step\nstep\nquit\nstep\n")), out);
        assertEquals(0, code);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), "two steps, nothing after quit: " + lines);
        for (String line : lines) {
            StepWorker.Step s = StepWorker.Step.parse(line);
            assertTrue(s.sample().ms() > 0 && s.selectMs() > 0 && s.trainMs() > 0, line);
            assertTrue(s.sample().ms() >= s.trainMs(), "the step holds its training part: " + line);
        }
        assertThrows(IllegalArgumentException.class, () -> StepWorker.serve(
                new Args(StepWorker.COMMAND, argv.toArray(String[]::new), 0), new BufferedReader(new StringReader("go\n")), out));
    }

    /** A real worker JVM: steps on demand, and quits when closed. */
    @Test
    void aWorkerJvmStepsOnDemand() throws Exception {
        List<String> options = new ArrayList<>(TINY);
        options.add("--selector=random");
        try (StepWorker w = StepWorker.start("simclr random", options)) {
            StepWorker.Step first = w.step();
            StepWorker.Step second = w.step();
            assertEquals(List.of(first, second), w.steps());
            assertTrue(second.sample().ms() > 0 && second.trainMs() > 0, second.format());
            assertTrue(second.selectMs() < second.sample().ms(), "random views need no selection forward: " + second.format());
            assertTrue(w.jitTotalMs() == second.jitTotalMs() && second.jitTotalMs() >= first.jitTotalMs());
        }
    }

    /** A worker that fails says why: its exit code and its own error message. */
    @Test
    void aFailingWorkerReportsItsExitCodeAndError() throws Exception {
        List<String> options = new ArrayList<>(TINY);
        options.add("--views=lots");
        try (StepWorker w = StepWorker.start("simclr hvs", options)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, w::step);
            assertTrue(e.getMessage().contains("bench worker simclr hvs stopped with exit code 2"), e.getMessage());
            assertTrue(e.getMessage().contains("--views must be an integer, got 'lots'"), e.getMessage());
        }
    }

    /** A worker killed as the out-of-memory killer does (SIGKILL) is reported as such. */
    @Test
    void aKilledWorkerIsReportedAsPossiblyOutOfMemory() throws Exception {
        List<String> options = new ArrayList<>(TINY);
        options.add("--selector=random");
        try (StepWorker w = StepWorker.start("simclr random", options)) {
            w.step();
            ProcessHandle.of(w.pid()).orElseThrow().destroyForcibly();
            IllegalStateException e = assertThrows(IllegalStateException.class, w::step);
            assertTrue(e.getMessage().contains("bench worker simclr random stopped with exit code 137 (killed: out of"
                    + " memory?"), e.getMessage());
        }
    }

    /** Blocks of steps in turn, one untimed step before each block, the timed steps returned per worker. */
    @Test
    void timedBlocksTakeTurnsAndLeaveOutTheSettlingSteps() {
        List<String> calls = new ArrayList<>();
        List<Supplier<String>> workers = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            int[] n = {0};
            workers.add(() -> {
                String call = name + n[0]++;
                calls.add(call);
                return call;
            });
        }
        int steps = MethodBench.BLOCK + 2;
        List<List<String>> timed = MethodBench.timedBlocks(workers, steps);
        // a: settle a0, block a1..a5; b: settle b0, block b1..b5; then a6 settle, a7 a8; b6 settle, b7 b8
        assertEquals(List.of("a1", "a2", "a3", "a4", "a5", "a7", "a8"), timed.get(0));
        assertEquals(List.of("b1", "b2", "b3", "b4", "b5", "b7", "b8"), timed.get(1));
        assertEquals(List.of("a0", "a1", "a2", "a3", "a4", "a5", "b0", "b1", "b2", "b3", "b4", "b5", "a6", "a7", "a8",
                "b6", "b7", "b8"), calls);
        assertEquals(MethodBench.SETTLE, 1, "the expectations above assume one settling step");
    }
}
