package org.hvs.core.method;

import org.hvs.augment.MultiViewBatch;
import org.hvs.core.select.Candidates;
import org.hvs.core.select.Selection;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Objects;

/**
 * The views one training step trains on, after selection: per sample the two chosen global views
 * ({@code first}, {@code second}, each {@code [B, C, H, W]}), any local crops ({@code [B, C, h, w]} each)
 * and, when known, their {@link ViewOrigin} (image indices and chosen candidate view indices; null
 * when the caller built the views by hand).
 *
 * <pre>{@code
 * TrainingViews chosen = TrainingViews.chosen(batch, selection);   // what HvsTrainer.step trains on
 * }</pre>
 */
public record TrainingViews(INDArray first, INDArray second, List<INDArray> locals, ViewOrigin origin) {
    public TrainingViews {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        locals = List.copyOf(Objects.requireNonNull(locals, "locals"));
        if (!java.util.Arrays.equals(first.shape(), second.shape())) {
            throw new IllegalArgumentException("first and second views differ in shape: "
                    + java.util.Arrays.toString(first.shape()) + " vs " + java.util.Arrays.toString(second.shape()));
        }
        if (origin != null && origin.batchSize() != first.size(0)) {
            throw new IllegalArgumentException("origin has " + origin.batchSize() + " samples, the views "
                    + first.size(0));
        }
    }

    /** Views without a recorded origin. */
    public TrainingViews(INDArray first, INDArray second, List<INDArray> locals) {
        this(first, second, locals, null);
    }

    /**
     * Gathers the views {@code selection} chose from {@code batch} (per sample its first and second
     * global view and its local crops) and records their origin.
     */
    public static TrainingViews chosen(MultiViewBatch batch, Selection selection) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(selection, "selection");
        int b = selection.batchSize();
        int[] first = new int[b];
        int[] second = new int[b];
        for (int s = 0; s < b; s++) {
            first[s] = selection.first(s);
            second[s] = selection.second(s);
        }
        return new TrainingViews(Candidates.gatherFirst(batch, selection), Candidates.gatherSecond(batch, selection),
                Candidates.gatherLocals(batch, selection), new ViewOrigin(batch.imageIndices(), first, second));
    }

    /** Whether the origin of the views is known. */
    public boolean hasOrigin() {
        return origin != null;
    }

    public int batchSize() {
        return (int) first.size(0);
    }
}
