package org.hvs.examples.cli;

import org.hvs.augment.MultiViewBatch;
import org.hvs.augment.MultiViewGenerator;
import org.hvs.augment.data.ImageDataset;
import org.hvs.augment.data.Shapes;
import org.hvs.core.method.SslMethod;
import org.hvs.core.method.StepContext;
import org.hvs.core.method.TrainingSetup;
import org.hvs.core.select.ViewSelector;
import org.hvs.core.train.HvsTrainer;
import org.hvs.core.train.StepResult;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The training steps of one selector for the method part of {@code hvs bench}, run in a JVM of its own.
 * A training run uses one selector, and its process holds one network, one heap, one garbage collector,
 * one set of ND4J workspaces and one allocator arena. Three selectors trained in one process share all
 * of those: the native-memory guard's collection after one selector's step freed the buffers the next
 * selector's step then reused, so steps of identical training code differed by 20-50 ms depending on
 * which selector ran them, and the HVS/random ratios with them (2026-12-07). Each selector therefore
 * steps in a worker process while the bench calls the workers in turn, one step at a time, so that they
 * still share the machine's load and no state.
 *
 * <p>The worker is {@code hvs bench-worker} with the run options of the bench (method, backbone, batch,
 * views, {@code --selector random|hvs}, {@code --select-scale}): it reads one command a line from
 * standard input, {@code step} or {@code quit}, and answers each step with one line on standard output,
 * {@value #REPLY} followed by the step's {@link Samples.Sample} (timed in the worker, with the worker's GC,
 * JIT, CPU, page-fault and run-queue counters), its selection and training ms, and the worker's cumulative
 * JIT ms (for the bench's warm-up rule).
 */
final class StepWorker implements AutoCloseable {
    /** The command that runs a worker. */
    static final String COMMAND = "bench-worker";
    /** How a step's answer line starts. */
    static final String REPLY = "@hvs-step";

    /** One step as the worker measured it. */
    record Step(Samples.Sample sample, double selectMs, double trainMs, long jitTotalMs) {
        String format() {
            Samples.Sample s = sample;
            return String.format(Locale.ROOT, "%s %.4f %.4f %.4f %.4f %d %.4f %.4f %.4f %d", REPLY, s.ms(), s.gcMs(),
                    s.jitMs(), s.cpuMs(), s.minorFaults(), s.waitMs(), selectMs, trainMs, jitTotalMs);
        }

        /** The step in {@code line}, or null when the line is not an answer (a log line, say). */
        static Step parse(String line) {
            if (!line.startsWith(REPLY + " ")) {
                return null;
            }
            String[] f = line.substring(REPLY.length() + 1).strip().split(" ");
            if (f.length != 9) {
                throw new IllegalStateException("bench worker: malformed answer '" + line + "'");
            }
            Samples.Sample s = new Samples.Sample(Double.parseDouble(f[0]), Double.parseDouble(f[1]),
                    Double.parseDouble(f[2]), Double.parseDouble(f[3]), Long.parseLong(f[4]), Double.parseDouble(f[5]));
            return new Step(s, Double.parseDouble(f[6]), Double.parseDouble(f[7]), Long.parseLong(f[8]));
        }
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final BufferedWriter commands;
    private final BufferedReader answers;
    private final List<Step> steps = new ArrayList<>();

    private StepWorker(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts a worker named {@code name} (for messages) with the given {@code hvs bench-worker} options;
     * its standard error goes to a temporary log, shown when it fails.
     */
    static StepWorker start(String name, List<String> options) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(COMMAND);
        argv.addAll(options);
        ProcessBuilder pb = Relaunch.sameJvm(argv.toArray(String[]::new)).orElseThrow(() ->
                new IllegalStateException("bench: this JVM does not say where its java executable is, so it cannot"
                        + " start the step workers"));
        Path log = Files.createTempFile("hvs-bench-worker-", ".log");
        pb.redirectError(log.toFile());
        return new StepWorker(name, pb.start(), log);
    }

    /**
     * One training step in the worker; fails with the worker's error (or its last log lines) when it has
     * stopped.
     */
    Step step() {
        try {
            commands.write("step\n");
            commands.flush();
            for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                Step s = Step.parse(line);
                if (s != null) {
                    steps.add(s);
                    return s;
                }
            }
        } catch (IOException e) {
            // the worker has gone: report it below
        }
        throw new IllegalStateException("bench worker " + name + " stopped" + exit() + ": " + logTail());
    }

    /** The worker's process id. */
    long pid() {
        return process.pid();
    }

    /** Every step answered so far, in order. */
    List<Step> steps() {
        return steps;
    }

    /** The worker's cumulative JIT compilation ms at its last step (0 before the first). */
    long jitTotalMs() {
        return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).jitTotalMs();
    }

    private String exit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                return "";
            }
            int code = process.exitValue();
            // 137 = 128 + SIGKILL, which is how the kernel's out-of-memory killer ends a process
            return " with exit code " + code + (code == 137 ? " (killed: out of memory? three workers each hold a"
                    + " copy of the method; a smaller --batch needs less)" : "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            // the command line's own error lines (a usage error is followed by the whole usage)
            List<String> errors = lines.stream().filter(l -> l.startsWith("error: ")).toList();
            List<String> tail = !errors.isEmpty() ? errors : lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return tail.isEmpty() ? "(no output)" : String.join(" | ", tail);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Asks the worker to quit, waits for it (killing it after 30 s) and deletes its log. */
    @Override
    public void close() {
        try {
            commands.write("quit\n");
            commands.flush();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file
        }
    }

    /**
     * The worker's side: builds the method, the batch and the trainer from {@code args}, then steps on
     * each {@code step} line of {@code in} until {@code quit} or the end of input. Returns the exit code.
     */
    static int serve(Args args, BufferedReader in, PrintStream out) throws IOException {
        RunOptions o = new RunOptions(args, 128);
        args.checkAllUsed();
        ViewSelector selector = switch (o.selector) {
            case "random" -> ViewSelector.random();
            case "hvs" -> ViewSelector.hard(o.selectScale);
            default -> throw new Args.UsageException(COMMAND + ": --selector must be random or hvs, got '" + o.selector + "'");
        };
        SslMethod method = o.method(o.backbone(3, o.imageSize, o.imageSize));
        method.initialize(new TrainingSetup(o.optimizer(), o.seed));
        ImageDataset data = Shapes.train(o.seed, Math.max(o.batch, 256), o.imageSize);
        MultiViewBatch batch;
        try (MultiViewGenerator gen = o.viewGenerator()) {
            batch = gen.generate(data, MethodBench.benchIndices(o.batch, data), 0);   // the bench's batch
        }
        HvsTrainer trainer = HvsTrainer.builder().method(method).views((d, i, e) -> batch).selector(selector)
                .batchSize(o.batch).optimizer(o.optimizer()).seed(o.seed).build();
        long step = 0;
        for (String line = in.readLine(); line != null && !line.strip().equals("quit"); line = in.readLine()) {
            if (!line.strip().equals("step")) {
                throw new IllegalArgumentException(COMMAND + ": expected 'step' or 'quit', got '" + line + "'");
            }
            StepContext ctx = new StepContext(step++, 0, 1000, 100, 1e-4);
            StepResult[] result = new StepResult[1];
            Samples.Sample s = Sampler.time(() -> result[0] = trainer.step(batch, ctx));
            out.println(new Step(s, result[0].selectMs(), result[0].trainMs(), Sampler.compilationMs()).format());
            out.flush();
        }
        return 0;
    }
}
