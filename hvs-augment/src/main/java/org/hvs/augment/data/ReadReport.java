package org.hvs.augment.data;

import java.util.List;
import java.util.Objects;

/**
 * What a reader skipped while loading a data set (only with {@link ReadOptions#skipUnreadable()}):
 * one entry per skipped file with the reason. Empty for a clean read and for generated data.
 *
 * <pre>{@code
 * ReadReport r = dataset.report();
 * if (!r.isClean()) log.warn("{} files skipped, first: {}", r.skippedCount(), r.skipped().get(0));
 * }</pre>
 *
 * @param skipped the skipped files, each as {@code "path: reason"}, in reading order
 */
public record ReadReport(List<String> skipped) {

    /** A report with nothing skipped. */
    public static final ReadReport CLEAN = new ReadReport(List.of());

    public ReadReport {
        skipped = List.copyOf(Objects.requireNonNull(skipped, "skipped"));
    }

    /** How many files were skipped. */
    public int skippedCount() {
        return skipped.size();
    }

    /** Whether nothing was skipped. */
    public boolean isClean() {
        return skipped.isEmpty();
    }

    /** This report followed by {@code other}'s entries (e.g. the train and test halves of a read). */
    public ReadReport plus(ReadReport other) {
        Objects.requireNonNull(other, "other");
        if (other.isClean()) {
            return this;
        }
        if (isClean()) {
            return other;
        }
        java.util.ArrayList<String> all = new java.util.ArrayList<>(skipped);
        all.addAll(other.skipped);
        return new ReadReport(all);
    }
}
