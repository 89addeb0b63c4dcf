package org.hvs.core.select;

import org.hvs.augment.MultiViewBatch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Candidate enumeration and view gathering shared by the methods.
 */
public final class Candidates {
    private Candidates() {
    }

    /**
     * All unordered pairs {@code (i, j), i < j} of {@code numViews} views in lexicographic order;
     * the first is (0, 1). N=4 gives 6 pairs (SimSiam, SimCLR).
     */
    public static List<Candidate> allPairs(int numViews) {
        if (numViews < 2) {
            throw new IllegalArgumentException("views must be >= 2, got " + numViews);
        }
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < numViews; i++) {
            for (int j = i + 1; j < numViews; j++) {
                out.add(Candidate.pair(i, j));
            }
        }
        return out;
    }

    /** The candidate views stacked view-major: row {@code v*B + b} is view v of sample b. */
    public static INDArray stackViews(MultiViewBatch views) {
        return Nd4j.concat(0, views.views().toArray(new INDArray[0]));
    }

    /**
     * The first views of the chosen candidates, {@code [B, C, H, W]}: row b is view
     * {@code selection.first(b)} of sample b.
     */
    public static INDArray gatherFirst(MultiViewBatch views, Selection selection) {
        return gather(views.views(), selection, true);
    }

    /** The second views of the chosen candidates, {@code [B, C, H, W]}. */
    public static INDArray gatherSecond(MultiViewBatch views, Selection selection) {
        return gather(views.views(), selection, false);
    }

    private static INDArray gather(List<INDArray> arrays, Selection selection, boolean first) {
        INDArray ref = arrays.get(0);
        int b = (int) ref.size(0);
        if (selection.batchSize() != b) {
            throw new IllegalArgumentException("selection has " + selection.batchSize() + " samples, views have " + b);
        }
        INDArray out = Nd4j.createUninitialized(ref.dataType(), ref.shape(), 'c');
        for (int s = 0; s < b; s++) {
            int v = first ? selection.first(s) : selection.second(s);
            out.slice(s).assign(arrays.get(v).slice(s));
        }
        return out;
    }

    /**
     * The local crops of the chosen candidates: element k is {@code [B, C, h, w]} with row b the
     * k-th local crop of sample b's candidate. All candidates must carry the same number of locals.
     */
    public static List<INDArray> gatherLocals(MultiViewBatch views, Selection selection) {
        int b = selection.batchSize();
        int k = selection.candidate(0).numLocals();
        List<INDArray> out = new ArrayList<>(k);
        if (k == 0) {
            return out;
        }
        INDArray ref = views.localView(0);
        for (int l = 0; l < k; l++) {
            INDArray arr = Nd4j.createUninitialized(ref.dataType(), ref.shape(), 'c');
            for (int s = 0; s < b; s++) {
                Candidate c = selection.candidate(s);
                if (c.numLocals() != k) {
                    throw new IllegalArgumentException("candidates differ in local-crop count: " + k + " vs " + c.numLocals());
                }
                arr.slice(s).assign(views.localView(c.local(l)).slice(s));
            }
            out.add(arr);
        }
        return out;
    }

    /** Mean over samples of the IoU of the chosen global pair. */
    public static double meanIou(MultiViewBatch views, Selection selection) {
        double sum = 0;
        for (int s = 0; s < selection.batchSize(); s++) {
            sum += views.iou(selection.first(s), selection.second(s), s);
        }
        return sum / selection.batchSize();
    }
}
