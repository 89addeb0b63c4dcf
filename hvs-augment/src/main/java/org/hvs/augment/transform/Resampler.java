package org.hvs.augment.transform;

import org.hvs.augment.CropBox;
import org.hvs.augment.Image;

/**
 * Cuts a box out of an image and resizes it with a separable, antialiased filter, as PIL's
 * {@code Image.resize(size, filter, box)} does (which torchvision's {@code resized_crop} calls).
 * Pixel centres sit at half-integers; taps outside the image are dropped and the weights
 * renormalised. Results are clamped to [0, 1] (bicubic overshoots).
 */
final class Resampler {

    private Resampler() {
    }

    /** Per output index: first source index, tap count and weights (row-major, maxTaps per row). */
    private record Taps(int[] first, int[] count, float[] weights, int maxTaps) {
    }

    static Image resizedCrop(Image src, CropBox box, int outH, int outW, Interpolation filter) {
        int c = src.channels();
        int h = src.height();
        int w = src.width();
        Taps tx = taps(box.x(), box.width(), w, outW, filter);
        Taps ty = taps(box.y(), box.height(), h, outH, filter);
        int y0 = ty.first[0];
        int y1 = y0;
        for (int i = 0; i < outH; i++) {
            y1 = Math.max(y1, ty.first[i] + ty.count[i]);
            y0 = Math.min(y0, ty.first[i]);
        }
        int rows = y1 - y0;
        float[] in = src.data();
        float[] tmp = new float[c * rows * outW];
        for (int ch = 0; ch < c; ch++) {
            for (int r = 0; r < rows; r++) {
                int inRow = (ch * h + y0 + r) * w;
                int tmpRow = (ch * rows + r) * outW;
                for (int ox = 0; ox < outW; ox++) {
                    int f = tx.first[ox];
                    int n = tx.count[ox];
                    int wo = ox * tx.maxTaps;
                    float s = 0;
                    for (int k = 0; k < n; k++) {
                        s += tx.weights[wo + k] * in[inRow + f + k];
                    }
                    tmp[tmpRow + ox] = s;
                }
            }
        }
        float[] out = new float[c * outH * outW];
        for (int ch = 0; ch < c; ch++) {
            for (int oy = 0; oy < outH; oy++) {
                int f = ty.first[oy] - y0;
                int n = ty.count[oy];
                int wo = oy * ty.maxTaps;
                int outRow = (ch * outH + oy) * outW;
                for (int ox = 0; ox < outW; ox++) {
                    float s = 0;
                    for (int k = 0; k < n; k++) {
                        s += ty.weights[wo + k] * tmp[(ch * rows + f + k) * outW + ox];
                    }
                    out[outRow + ox] = s < 0 ? 0 : (s > 1 ? 1 : s);
                }
            }
        }
        return Image.of(out, c, outH, outW);
    }

    private static Taps taps(double start, double length, int inSize, int outSize, Interpolation filter) {
        double scale = length / outSize;
        double filterScale = Math.max(1.0, scale);
        double support = filter.support() * filterScale;
        int maxTaps = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        float[] weights = new float[outSize * maxTaps];
        double[] tmp = new double[maxTaps];
        for (int i = 0; i < outSize; i++) {
            double centre = start + (i + 0.5) * scale;
            int lo = Math.max(0, (int) Math.floor(centre - support + 0.5));
            int hi = Math.min(inSize, (int) Math.floor(centre + support + 0.5));
            if (hi - lo > maxTaps) {
                hi = lo + maxTaps;
            }
            if (hi <= lo) { // centre outside the image: take the nearest edge pixel
                lo = Math.min(Math.max(0, (int) Math.floor(centre)), inSize - 1);
                hi = lo + 1;
            }
            double sum = 0;
            for (int j = lo; j < hi; j++) {
                double wgt = filter.weight((j + 0.5 - centre) / filterScale);
                tmp[j - lo] = wgt;
                sum += wgt;
            }
            if (sum == 0) {
                java.util.Arrays.fill(tmp, 0, hi - lo, 0);
                int nearest = Math.min(Math.max(lo, (int) Math.floor(centre)), hi - 1);
                tmp[nearest - lo] = 1;
                sum = 1;
            }
            first[i] = lo;
            count[i] = hi - lo;
            for (int k = 0; k < hi - lo; k++) {
                weights[i * maxTaps + k] = (float) (tmp[k] / sum);
            }
        }
        return new Taps(first, count, weights, maxTaps);
    }
}
