package org.hvs.core.testing;

import org.hvs.augment.CropBox;
import org.hvs.augment.MultiViewBatch;
import org.hvs.augment.ViewParams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/** Synthetic multi-view batches for unit tests. */
public final class TestViews {
    private TestViews() {
    }

    /**
     * N random global views of B samples, each {@code [B, C, H, W]}; view v of sample b has the box
     * {@code boxes[v][b]} (or the full image when {@code boxes} is null).
     */
    public static MultiViewBatch random(int b, int n, int c, int h, int w, CropBox[][] boxes, long seed) {
        Nd4j.getRandom().setSeed(seed);
        List<INDArray> views = new ArrayList<>();
        ViewParams[][] params = new ViewParams[n][b];
        for (int v = 0; v < n; v++) {
            views.add(Nd4j.rand(DataType.FLOAT, b, c, h, w));
            for (int s = 0; s < b; s++) {
                CropBox box = boxes == null ? CropBox.full(w, h) : boxes[v][s];
                params[v][s] = ViewParams.of(box, "test");
            }
        }
        int[] idx = new int[b];
        for (int s = 0; s < b; s++) {
            idx[s] = s;
        }
        return new MultiViewBatch(views, params, new int[n], List.of(), new ViewParams[0][], idx);
    }
}
