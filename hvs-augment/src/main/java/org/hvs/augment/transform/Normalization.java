package org.hvs.augment.transform;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-channel standardisation {@code (x - mean[c]) / std[c]} of a {@code [B, C, H, W]} batch, the
 * {@code transforms.Normalize(mean, std)} that ends every reference pipeline. It is not an
 * {@link org.hvs.augment.Image} transform (images stay in [0, 1]); the multi-view generator applies
 * it when it builds the ND4J batch.
 *
 * <pre>{@code
 * INDArray x = Normalization.IMAGENET.apply(batch);        // new array
 * Normalization mnist = Normalization.of(new double[] {0.2860}, new double[] {0.3530});
 * }</pre>
 */
public final class Normalization {
    /** ImageNet statistics (0.485, 0.456, 0.406) / (0.229, 0.224, 0.225), as DINO, iBOT, SimSiam, HVS. */
    public static final Normalization IMAGENET = new Normalization(
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});
    /** No normalisation, for any channel count. */
    public static final Normalization NONE = new Normalization(new double[0], new double[0]);

    private final double[] mean;
    private final double[] std;

    private Normalization(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** Per-channel mean and std (same length, std > 0); copied. */
    public static Normalization of(double[] mean, double[] std) {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("mean and std must have the same non-zero length, got "
                    + mean.length + " and " + std.length);
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0) || Double.isInfinite(std[c])) {
                throw new IllegalArgumentException("std must be > 0 and finite, got " + std[c] + " at channel " + c);
            }
            if (!Double.isFinite(mean[c])) {
                throw new IllegalArgumentException("mean must be finite, got " + mean[c] + " at channel " + c);
            }
        }
        return new Normalization(mean.clone(), std.clone());
    }

    /** Whether this is {@link #NONE}. */
    public boolean isIdentity() {
        return mean.length == 0;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    /**
     * Normalises {@code data}, laid out {@code [batch, channels, hw]}, in place.
     *
     * @throws IllegalArgumentException if the channel count differs from this normalisation's
     */
    public void applyInPlace(float[] data, int channels, int hw) {
        if (isIdentity()) {
            return;
        }
        checkChannels(channels);
        int per = channels * hw;
        for (int base = 0; base < data.length; base += per) {
            for (int c = 0; c < channels; c++) {
                float m = (float) mean[c];
                float inv = (float) (1.0 / std[c]);
                int o = base + c * hw;
                for (int i = 0; i < hw; i++) {
                    data[o + i] = (data[o + i] - m) * inv;
                }
            }
        }
    }

    /** A new normalised float copy of a {@code [B, C, H, W]} batch. */
    public INDArray apply(INDArray batch) {
        Objects.requireNonNull(batch, "batch");
        if (batch.rank() != 4) {
            throw new IllegalArgumentException("batch must be [B, C, H, W], got " + Arrays.toString(batch.shape()));
        }
        INDArray out = batch.castTo(DataType.FLOAT).dup('c');
        if (isIdentity()) {
            return out;
        }
        checkChannels((int) batch.size(1));
        for (int c = 0; c < mean.length; c++) {
            INDArray plane = out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(c),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all());
            plane.subi(mean[c]).divi(std[c]);
        }
        return out;
    }

    private void checkChannels(int channels) {
        if (channels != mean.length) {
            throw new IllegalArgumentException("normalization has " + mean.length + " channels, images have "
                    + channels);
        }
    }

    @Override
    public String toString() {
        return isIdentity() ? "Normalization.NONE"
                : "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
