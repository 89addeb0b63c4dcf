package org.hvs.core.select;

import org.hvs.augment.MultiViewBatch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
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
        int b = (int) arrays.get(0).size(0);
        if (selection.batchSize() != b) {
            throw new IllegalArgumentException("selection has " + selection.batchSize() + " samples, views have " + b);
        }
        int[] source = new int[b];
        for (int s = 0; s < b; s++) {
            source[s] = first ? selection.first(s) : selection.second(s);
        }
        return gatherRows(arrays, source);
    }

    /**
     * The local crops of the chosen candidates: element k is {@code [B, C, h, w]} with row b the
     * k-th local crop of sample b's candidate. All candidates must carry the same number of locals.
     */
    public static List<INDArray> gatherLocals(MultiViewBatch views, Selection selection) {
        int b = selection.batchSize();
        int k = selection.candidate(0).numLocals();
        List<INDArray> out = new ArrayList<>(k);
        for (int l = 0; l < k; l++) {
            int[] source = new int[b];
            for (int s = 0; s < b; s++) {
                Candidate c = selection.candidate(s);
                if (c.numLocals() != k) {
                    throw new IllegalArgumentException("candidates differ in local-crop count: " + k + " vs " + c.numLocals());
                }
                source[s] = c.local(l);
            }
            out.add(gatherRows(views.localViews(), source));
        }
        return out;
    }

    /**
     * A new C-order array shaped like {@code arrays.get(0)} whose row {@code s} (index s of dimension 0)
     * is row s of {@code arrays.get(source[s])}. Dense C-order inputs are copied row by row on their
     * memory (one bulk copy a row: ~0.5 ms for two [128, 3, 32, 32] gathers where a slice assign per row
     * took 5-24 ms, 2026-12-07); others go through slices.
     */
    static INDArray gatherRows(List<INDArray> arrays, int[] source) {
        INDArray ref = arrays.get(0);
        INDArray out = Nd4j.createUninitialized(ref.dataType(), ref.shape(), 'c');
        int b = source.length;
        if (arrays.stream().allMatch(a -> dense(a, ref))) {   // out, made just above, is dense too
            long rowBytes = ref.length() / b * ref.dataType().width();
            ByteBuffer to = out.data().asNio();
            List<ByteBuffer> from = new ArrayList<>(arrays.size());
            for (INDArray a : arrays) {
                from.add(a.data().asNio());
            }
            for (int s = 0; s < b; s++) {
                long at = s * rowBytes;
                ByteBuffer row = from.get(source[s]).duplicate();
                row.limit(Math.toIntExact(at + rowBytes)).position(Math.toIntExact(at));
                to.position(Math.toIntExact(at));
                to.put(row);
            }
            return out;
        }
        for (int s = 0; s < b; s++) {
            out.slice(s).assign(arrays.get(source[s]).slice(s));
        }
        return out;
    }

    /**
     * Whether {@code a} is a whole C-order array (not a view) of {@code ref}'s shape and type with default
     * strides, small enough for one {@link ByteBuffer}.
     */
    private static boolean dense(INDArray a, INDArray ref) {
        return a.dataType() == ref.dataType() && Arrays.equals(a.shape(), ref.shape()) && a.ordering() == 'c'
                && !a.isView() && a.offset() == 0 && a.data().length() == a.length()
                && Arrays.equals(a.stride(), Nd4j.getStrides(a.shape(), 'c'))
                && a.length() * a.dataType().width() <= Integer.MAX_VALUE;
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
