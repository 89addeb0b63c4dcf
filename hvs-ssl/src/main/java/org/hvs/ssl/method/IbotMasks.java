package org.hvs.ssl.method;

import org.hvs.augment.MultiViewBatch;
import org.hvs.core.method.TrainingViews;
import org.hvs.core.method.ViewOrigin;
import org.hvs.ssl.backbone.vit.VisionTransformer;
import org.hvs.ssl.mask.BlockMask;
import org.hvs.ssl.mask.BlockMasking;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * The student's masks for iBOT, derived only from (seed, epoch, image, candidate view) by
 * {@link BlockMasking}: scoring draws them for all N candidate views, and the training step draws
 * them again for the views it was given, from their {@link ViewOrigin}, so a view trains with exactly
 * the mask it was scored with. Masks live on the reference grid (the ViT's image size / patch); views
 * of another size (selection at {@code selectScale < 1}, or other crops) get the reference mask
 * resampled to their grid by nearest neighbour.
 */
final class IbotMasks {
    private final BlockMasking masking;
    private final int patch;
    private final int gridH;
    private final int gridW;

    IbotMasks(BlockMasking masking, int patch, int gridH, int gridW) {
        this.masking = masking;
        this.patch = patch;
        this.gridH = gridH;
        this.gridW = gridW;
    }

    BlockMasking masking() {
        return masking;
    }

    int patch() {
        return patch;
    }

    /** Masks of all candidate views, {@code [N*B, T]} view-major, on the grid of the views. */
    INDArray candidates(MultiViewBatch views, int epoch) {
        List<BlockMask> m = masking.draw(gridH, gridW, views.imageIndices(), views.numViews(), epoch);
        return toArray(m, views.view(0));
    }

    /**
     * Masks of the two chosen global views, {@code [2B, T]} (first views, then second views), on the
     * grid of the views. Without an origin the views count as candidate views 0 and 1 of images 0..B-1.
     */
    INDArray chosen(TrainingViews views, int epoch) {
        int b = views.batchSize();
        ViewOrigin o = views.hasOrigin() ? views.origin() : ViewOrigin.firstPair(range(b));
        List<BlockMask> m = new ArrayList<>(2 * b);
        for (int s = 0; s < b; s++) {
            m.add(masking.mask(gridH, gridW, o.imageIndex(s), o.firstView(s), epoch));
        }
        for (int s = 0; s < b; s++) {
            m.add(masking.mask(gridH, gridW, o.imageIndex(s), o.secondView(s), epoch));
        }
        return toArray(m, views.first());
    }

    /** All-zero masks for {@code rows} images like {@code images}, as the ViT's mask input. */
    INDArray none(INDArray images) {
        return Nd4j.zeros(DataType.FLOAT, images.size(0), 1, images.size(2) / patch, images.size(3) / patch);
    }

    /** The ViT's mask input {@code [R, 1, h, w]} for {@code [R, h*w]} masks on the grid of {@code images}. */
    INDArray input(INDArray masks, INDArray images) {
        return VisionTransformer.maskInput(masks, (int) images.size(2) / patch, (int) images.size(3) / patch);
    }

    private INDArray toArray(List<BlockMask> masks, INDArray images) {
        int h = (int) images.size(2) / patch;
        int w = (int) images.size(3) / patch;
        if (h == gridH && w == gridW) {
            return BlockMasking.toArray(masks);
        }
        float[] buf = new float[masks.size() * h * w];
        for (int i = 0; i < masks.size(); i++) {
            boolean[] cells = masks.get(i).cells();
            for (int r = 0; r < h; r++) {
                int sr = Math.min(gridH - 1, (int) ((r + 0.5) * gridH / h));
                for (int c = 0; c < w; c++) {
                    int sc = Math.min(gridW - 1, (int) ((c + 0.5) * gridW / w));
                    buf[(i * h + r) * w + c] = cells[sr * gridW + sc] ? 1f : 0f;
                }
            }
        }
        return Nd4j.create(buf, new long[] {masks.size(), (long) h * w}, 'c');
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
