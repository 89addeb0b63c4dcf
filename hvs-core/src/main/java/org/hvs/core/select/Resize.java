package org.hvs.core.select;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;

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
     * The means of the k x k blocks of {@code images [B, C, H, W]} (H and W divisible by k). Float arrays
     * (the views) are read and written in place through their buffers, one pass in Java: ~1.3 ms for
     * 4 x [128, 3, 32, 32] where ND4J's native {@code avgpool2d} took 5.3-6.1 ms and a {@code mean} over
     * the two block axes of a 6-d view 35 ms (2026-12-07; the resize is part of every HVS step at
     * {@code --select-scale 0.5}). Other types go through {@code avgpool2d}.
     */
    static INDArray blockMeans(INDArray images, int k) {
        INDArray x = images.ordering() == 'c' && !images.isView() ? images : images.dup('c');
        long b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        INDArray out = Nd4j.createUninitialized(x.dataType(), b, c, h / k, w / k);
        if (x.dataType() == DataType.FLOAT) {
            blockMeans(x.data().asNioFloat(), out.data().asNioFloat(), (int) (b * c), (int) h, (int) w, k);
        } else {
            // kH, kW, sH, sW, pH, pW, dH, dW, same mode (0: valid), divisor (0: the whole kernel), NHWC (0: NCHW)
            Nd4j.exec(DynamicCustomOp.builder("avgpool2d").addInputs(x).addOutputs(out)
                    .addIntegerArguments(k, k, k, k, 0, 0, 1, 1, 0, 0, 0).build());
        }
        return out;
    }

    private static void blockMeans(FloatBuffer src, FloatBuffer dst, int planes, int h, int w, int k) {
        int oh = h / k, ow = w / k;
        float norm = 1f / (k * k);
        int d = 0;
        if (k == 2) {
            // the usual factor (scale 0.5), unrolled: a third of the time of the general loop below
            for (int row = 0; row < planes * h; row += 2) {
                int at = row * w;
                for (int x = 0; x < ow; x++, at += 2) {
                    dst.put(d++, (src.get(at) + src.get(at + 1) + src.get(at + w) + src.get(at + w + 1)) * norm);
                }
            }
            return;
        }
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < oh; y++) {
                int row = (p * h + y * k) * w;
                for (int x = 0; x < ow; x++) {
                    float sum = 0;
                    for (int dy = 0; dy < k; dy++) {
                        int at = row + dy * w + x * k;
                        for (int dx = 0; dx < k; dx++) {
                            sum += src.get(at + dx);
                        }
                    }
                    dst.put(d++, sum * norm);
                }
            }
        }
    }

    /**
     * Bilinear resize with half-pixel centres (as torchvision without antialiasing). Written in
     * plain Java: ND4J 1.0.0-M2.1's {@code resize_bilinear} op fails from the Java API.
     */
    static INDArray bilinear(INDArray images, int nh, int nw) {
        int b = (int) images.size(0), c = (int) images.size(1), h = (int) images.size(2), w = (int) images.size(3);
        float[] src = images.dup('c').castTo(DataType.FLOAT).data().asFloat();
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
