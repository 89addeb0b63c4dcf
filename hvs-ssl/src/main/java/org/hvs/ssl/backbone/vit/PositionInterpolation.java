package org.hvs.ssl.backbone.vit;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bilinear resizing of a grid of position embeddings, as a linear map: the patch position
 * embeddings {@code P [h0 * w0, D]} (row-major grid) become {@code M P} with
 * {@code M [h * w, h0 * w0]}. This is what DINO's {@code interpolate_pos_encoding} does when a crop's
 * patch grid differs from the grid the embeddings were made for (DINO interpolates bicubically; this
 * library bilinearly), so one ViT takes 32-pixel global crops, 16-pixel local crops and downscaled
 * selection views. As a constant matrix inside the SameDiff graph, the gradient reaches the stored
 * embeddings ({@code M^T dL/d(MP)}).
 *
 * <p>Coordinates follow PyTorch's {@code F.interpolate(mode='bilinear', align_corners=False)} with an
 * output size: source coordinate {@code (i + 0.5) * in / out - 0.5}, clamped at 0; the two
 * neighbours' weights are {@code 1 - f} and {@code f}. The same grid gives the identity exactly.
 *
 * <pre>{@code
 * INDArray m = PositionInterpolation.matrix(8, 8, 4, 4, DataType.FLOAT);   // [16, 64]
 * INDArray small = m.mmul(patchPositions);                                 // [16, D]
 * }</pre>
 */
public final class PositionInterpolation {
    private PositionInterpolation() {
    }

    /**
     * The 1-D interpolation weights {@code [out, in]} of PyTorch's bilinear, align_corners=False.
     *
     * @throws IllegalArgumentException if a size is below 1
     */
    public static double[][] weights1d(int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("grid sizes must be >= 1, got in=" + in + ", out=" + out);
        }
        double[][] w = new double[out][in];
        if (in == out) {
            for (int i = 0; i < out; i++) {
                w[i][i] = 1;
            }
            return w;
        }
        double scale = (double) in / out;
        for (int i = 0; i < out; i++) {
            double src = Math.max((i + 0.5) * scale - 0.5, 0);
            int i0 = Math.min((int) Math.floor(src), in - 1);
            int i1 = Math.min(i0 + 1, in - 1);
            double f = src - i0;
            w[i][i0] += 1 - f;
            w[i][i1] += f;
        }
        return w;
    }

    /**
     * The 2-D map {@code [h * w, h0 * w0]} from a row-major {@code h0 x w0} grid to an {@code h x w}
     * grid (the Kronecker product of the row and column weights).
     */
    public static INDArray matrix(int h0, int w0, int h, int w, DataType dataType) {
        double[][] rows = weights1d(h0, h);
        double[][] cols = weights1d(w0, w);
        double[][] m = new double[h * w][h0 * w0];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                for (int a = 0; a < h0; a++) {
                    if (rows[i][a] == 0) {
                        continue;
                    }
                    for (int b = 0; b < w0; b++) {
                        m[i * w + j][a * w0 + b] = rows[i][a] * cols[j][b];
                    }
                }
            }
        }
        return Nd4j.createFromArray(m).castTo(dataType);
    }

    /**
     * Resizes position embeddings {@code [1 + h0 * w0, D]} (class token first, as stored in
     * {@link PatchTokens}) to the {@code h x w} grid: {@code [1 + h * w, D]}, the class token's row
     * unchanged. The same grid returns a copy of the input.
     */
    public static INDArray resize(INDArray pos, int h0, int w0, int h, int w) {
        if (pos.rank() != 2 || pos.rows() != 1L + (long) h0 * w0) {
            throw new IllegalArgumentException("position embeddings must be [1 + " + h0 + "*" + w0 + ", D], got "
                    + java.util.Arrays.toString(pos.shape()));
        }
        if (h == h0 && w == w0) {
            return pos.dup();
        }
        INDArray patches = pos.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, pos.rows()),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray resized = matrix(h0, w0, h, w, pos.dataType()).mmul(patches);
        return Nd4j.concat(0, pos.getRow(0, true).dup(), resized);
    }
}
