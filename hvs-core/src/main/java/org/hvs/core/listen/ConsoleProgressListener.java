package org.hvs.core.listen;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Shows training progress on the console. On a terminal ({@code System.console() != null}) it
 * redraws one line with {@code '\r'}: a progress bar, step/total, loss, images per second and the
 * estimated time left; elsewhere (logs, CI, pipes) it prints a plain line every {@code logEvery}
 * steps. Both print a line at each epoch end (with any evaluation results) and at the end of the
 * fit. This is the one library class that prints, to the stream it is given (default
 * {@code System.out}).
 *
 * <pre>{@code
 * TrainingListener console = ConsoleProgressListener.builder().logEvery(20).build();
 * // epoch 1/10 step 20/400 loss 4.1234 lr 1.000e-03 512.0 img/s eta 0:00:15
 * }</pre>
 */
public final class ConsoleProgressListener implements TrainingListener {
    private final PrintStream out;
    private final boolean terminal;
    private final int logEvery;
    private final int barWidth;
    private final LongSupplier nanoClock;

    private FitInfo info;
    private long startNanos;
    private long stepsThisFit;
    private int lastLineLength;

    private ConsoleProgressListener(Builder b) {
        this.out = b.out;
        this.terminal = b.terminal;
        this.logEvery = b.logEvery;
        this.barWidth = b.barWidth;
        this.nanoClock = b.nanoClock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether this listener redraws a single line (terminal mode). */
    public boolean isTerminal() {
        return terminal;
    }

    @Override
    public synchronized void onFitStart(FitInfo info) {
        this.info = Objects.requireNonNull(info, "info");
        this.startNanos = nanoClock.getAsLong();
        this.stepsThisFit = 0;
        this.lastLineLength = 0;
        out.println(String.format(Locale.ROOT, "fit %s with %s views: %d epochs x %d steps, batch %d",
                info.method(), info.selector(), info.epochs(), info.stepsPerEpoch(), info.batchSize()));
        out.flush();
    }

    @Override
    public synchronized void onStepEnd(StepRecord r) {
        if (info == null && stepsThisFit == 0) {
            startNanos = nanoClock.getAsLong(); // no onFitStart: time from the first step
        }
        stepsThisFit++;
        long done = r.step() + 1;
        if (terminal) {
            String line = bar(done) + " " + progress(r, done);
            out.print("\r" + line + " ".repeat(Math.max(0, lastLineLength - line.length())));
            lastLineLength = line.length();
            out.flush();
        } else if (done % logEvery == 0) {
            out.println(epochLabel(r.epoch()) + " " + progress(r, done));
            out.flush();
        }
    }

    @Override
    public synchronized void onEpochEnd(int epoch, EpochSummary s) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "%s done: %d steps, mean loss %.4f, mean step %.1f ms", epochLabel(epoch), s.steps(), s.meanLoss(),
                s.meanStepMs()));
        for (Map.Entry<String, Double> e : s.eval().entrySet()) {
            line.append(String.format(Locale.ROOT, ", %s %.4f", e.getKey(), e.getValue()));
        }
        endRedrawnLine();
        out.println(line);
        out.flush();
    }

    @Override
    public synchronized void onFitEnd(FitSummary s) {
        endRedrawnLine();
        out.println(String.format(Locale.ROOT, "fit done: %d steps in %s, final loss %.4f", s.steps(),
                duration(s.wallMs() / 1000), s.finalLoss()));
        out.flush();
    }

    private void endRedrawnLine() {
        if (terminal && lastLineLength > 0) {
            out.println();
            lastLineLength = 0;
        }
    }

    private String epochLabel(int epoch) {
        return info == null ? "epoch " + (epoch + 1) : "epoch " + (epoch + 1) + "/" + info.epochs();
    }

    private String progress(StepRecord r, long done) {
        double elapsed = (nanoClock.getAsLong() - startNanos) / 1e9;
        StringBuilder sb = new StringBuilder("step ").append(done);
        if (info != null) {
            sb.append('/').append(info.totalSteps());
        }
        sb.append(String.format(Locale.ROOT, " loss %.4f lr %.3e", r.loss(), r.lr()));
        if (info != null && elapsed > 0) {
            sb.append(String.format(Locale.ROOT, " %.1f img/s", stepsThisFit * (double) info.batchSize() / elapsed));
            long left = Math.max(0, info.totalSteps() - done);
            sb.append(" eta ").append(duration(elapsed / stepsThisFit * left));
        }
        return sb.toString();
    }

    private String bar(long done) {
        double frac = info == null ? 0 : Math.min(1, (double) done / info.totalSteps());
        int full = (int) Math.round(frac * barWidth);
        return "[" + "=".repeat(full) + " ".repeat(barWidth - full) + "]";
    }

    /** Seconds as {@code h:mm:ss}. */
    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private PrintStream out = System.out;
        private boolean terminal = System.console() != null;
        private int logEvery = 50;
        private int barWidth = 30;
        private LongSupplier nanoClock = System::nanoTime;

        private Builder() {
        }

        /** Where to print (default {@code System.out}). */
        public Builder out(PrintStream out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /** Force terminal (single redrawn line) or log mode; default: whether a console is attached. */
        public Builder terminal(boolean terminal) {
            this.terminal = terminal;
            return this;
        }

        /** In log mode, print a line every this many steps (default 50). */
        public Builder logEvery(int logEvery) {
            this.logEvery = logEvery;
            return this;
        }

        /** Width of the progress bar in characters (default 30). */
        public Builder barWidth(int barWidth) {
            this.barWidth = barWidth;
            return this;
        }

        /** The clock for rates and ETA, in nanoseconds (tests use a fake one). */
        Builder clock(LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
            return this;
        }

        public ConsoleProgressListener build() {
            if (logEvery < 1) {
                throw new IllegalArgumentException("logEvery must be >= 1, got " + logEvery);
            }
            if (barWidth < 1) {
                throw new IllegalArgumentException("barWidth must be >= 1, got " + barWidth);
            }
            return new ConsoleProgressListener(this);
        }
    }
}
