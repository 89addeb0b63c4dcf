package org.hvs.core.select;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Downscaling of image batches {@code [B, C, H, W]} for cheaper selection. An integer factor
 * (scale 0.5, 0.25, ...) averages k x k blocks (exact area averaging, no aliasing); other
 * factors use bilinear resizing.
 */
public final class Resize {
    private Resize() {
    }

    /** {@code images} scaled by {@code scale} in (0, 1]; the same array when scale is 1. */
    public static INDArray scale(INDArray images, double scale) {
        if (!(scale > 0 && scale <= 1)) {
            throw new IllegalArgumentException("scale must be in (0, 1], got " + scale);
        }
        if (images.rank() != 4) {
            throw new IllegalArgumentException("images must be [B, C, H, W], got rank " + images.rank());
        }
        if (scale == 1) {
            return images;
        }
        long b = images.size(0), c = images.size(1), h = images.size(2), w = images.size(3);
        double inv = 1.0 / scale;
        long k = Math.round(inv);
        if (Math.abs(inv - k) < 1e-9 && h % k == 0 && w % k == 0) {
            INDArray blocks = images.dup('c').reshape('c', b, c, h / k, k, w / k, k);
            return blocks.mean(3, 5);
        }
        int nh = (int) Math.max(1, Math.round(h * scale));
        int nw = (int) Math.max(1, Math.round(w * scale));
        INDArray nhwc = images.permute(0, 2, 3, 1).dup('c');
        INDArray resized = Nd4j.image().resizeBiLinear(nhwc, nh, nw, false, true);
        return resized.permute(0, 3, 1, 2).dup('c');
    }
}
