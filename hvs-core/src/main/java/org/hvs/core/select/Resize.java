package org.hvs.core.select;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
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
            return blockMeans(images, (int) k);
        }
        int nh = (int) Math.max(1, Math.round(h * scale));
        int nw = (int) Math.max(1, Math.round(w * scale));
        return bilinear(images, nh, nw);
    }

    /**
     * The means of the k x k blocks of {@code images [B, C, H, W]} (H and W divisible by k), as ND4J's
     * native {@code avgpool2d} with kernel = stride = k and no padding: ~5 ms for 4 x [128, 3, 32, 32]
     * where {@code mean} over the two block axes of a 6-d view took 35 ms (2026-12-07), a third of the
     * extra cost of an HVS step at {@code --select-scale 0.5}.
     */
    static INDArray blockMeans(INDArray images, int k) {
        INDArray x = images.ordering() == 'c' && !images.isView() ? images : images.dup('c');
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.size(0), x.size(1), x.size(2) / k, x.size(3) / k);
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode (0: valid), divisor (0: the whole kernel), NHWC (0: NCHW)
        Nd4j.exec(DynamicCustomOp.builder("avgpool2d").addInputs(x).addOutputs(out)
                .addIntegerArguments(k, k, k, k, 0, 0, 1, 1, 0, 0, 0).build());
        return out;
    }

    /**
     * Bilinear resize with half-pixel centres (as torchvision without antialiasing). Written in
     * plain Java: ND4J 1.0.0-M2.1's {@code resize_bilinear} op fails from the Java API.
     */
    static INDArray bilinear(INDArray images, int nh, int nw) {
        int b = (int) images.size(0), c = (int) images.size(1), h = (int) images.size(2), w = (int) images.size(3);
        float[] src = images.dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat();
        float[] dst = new float[b * c * nh * nw];
        int[] y0 = new int[nh], y1 = new int[nh], x0 = new int[nw], x1 = new int[nw];
        float[] fy = new float[nh], fx = new float[nw];
        axis(h, nh, y0, y1, fy);
        axis(w, nw, x0, x1, fx);
        for (int plane = 0; plane < b * c; plane++) {
            int so = plane * h * w, d = plane * nh * nw;
            for (int y = 0; y < nh; y++) {
                int r0 = so + y0[y] * w, r1 = so + y1[y] * w;
                float wy = fy[y];
                for (int x = 0; x < nw; x++) {
                    float top = src[r0 + x0[x]] + (src[r0 + x1[x]] - src[r0 + x0[x]]) * fx[x];
                    float bot = src[r1 + x0[x]] + (src[r1 + x1[x]] - src[r1 + x0[x]]) * fx[x];
                    dst[d++] = top + (bot - top) * wy;
                }
            }
        }
        return Nd4j.create(dst, new long[] {b, c, nh, nw}, 'c').castTo(images.dataType());
    }

    private static void axis(int in, int out, int[] lo, int[] hi, float[] frac) {
        double ratio = (double) in / out;
        for (int i = 0; i < out; i++) {
            double src = Math.max(0, (i + 0.5) * ratio - 0.5);
            int l = Math.min((int) Math.floor(src), in - 1);
            lo[i] = l;
            hi[i] = Math.min(l + 1, in - 1);
            frac[i] = (float) (src - l);
        }
    }
}
