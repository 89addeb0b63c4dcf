package org.hvs.core.eval;

import org.hvs.augment.Image;
import org.hvs.augment.data.ImageDataset;
import org.hvs.core.train.NativeMemoryGuard;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Computes frozen features for a whole {@link ImageDataset} in batches, as DINO's
 * {@code extract_features}: images go to the encoder as {@code [B, C, H, W]} float arrays with
 * values in [0, 1] (optionally normalised per channel, {@code (x - mean[c]) / std[c]}, like
 * torchvision's {@code Normalize}), and the encoder returns {@code [B, D]}. The result does not
 * depend on the batch size.
 *
 * <pre>{@code
 * FeatureExtractor fx = FeatureExtractor.builder().batchSize(256).build();
 * Features train = fx.extract(trainSet, method::features);
 * }</pre>
 */
public final class FeatureExtractor {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureExtractor.class);

    private final int batchSize;
    private final float[] mean;
    private final float[] std;

    private FeatureExtractor(Builder b) {
        this.batchSize = b.batchSize;
        this.mean = b.mean;
        this.std = b.std;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Batch size 256, no normalisation. */
    public static FeatureExtractor defaults() {
        return builder().build();
    }

    public int batchSize() {
        return batchSize;
    }

    /**
     * Features of every image of {@code data}, in data-set order.
     *
     * @param encoder images {@code [B, C, H, W]} to features {@code [B, D]}; called once per batch
     * @throws IllegalArgumentException if images differ in shape, the normalisation does not match
     *                                  the channel count, or the encoder returns the wrong shape
     */
    public Features extract(ImageDataset data, Function<INDArray, INDArray> encoder) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(encoder, "encoder");
        int n = data.size();
        if (n <= 0) {
            throw new IllegalArgumentException("data set " + data.name() + " is empty (size " + n + ")");
        }
        long t0 = System.nanoTime();
        List<INDArray> parts = new ArrayList<>();
        long dim = -1;
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            INDArray out = encoder.apply(toBatch(data, from, to));
            if (out == null || out.rank() != 2 || out.size(0) != to - from) {
                throw new IllegalArgumentException("encoder must return [" + (to - from) + ", D] for images "
                        + from + ".." + (to - 1) + ", got " + (out == null ? "null" : Arrays.toString(out.shape())));
            }
            if (dim >= 0 && out.size(1) != dim) {
                throw new IllegalArgumentException("encoder returned feature size " + out.size(1) + " for images "
                        + from + ".." + (to - 1) + " after " + dim + " before");
            }
            dim = out.size(1);
            parts.add(out.detach());
            // an encoder's forward leaves native garbage the small Java heap rarely collects: without this
            // a ViT's kNN evaluation of 1,600 images grew resident memory by 10 GB
            NativeMemoryGuard.shared().check();
        }
        // a copy either way: the encoder may reuse or change the arrays it returned
        INDArray all = parts.size() == 1 ? parts.get(0).dup() : Nd4j.concat(0, parts.toArray(new INDArray[0]));
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = data.label(i);
        }
        LOG.debug("extracted {}x{} features of {} in {} ms", n, dim, data.name(), (System.nanoTime() - t0) / 1_000_000);
        return new Features(all, labels, data.numClasses());
    }

    /**
     * Images {@code from} (inclusive) to {@code to} (exclusive) of {@code data} as one
     * {@code [to - from, C, H, W]} float array, normalised if this extractor normalises.
     */
    public INDArray toBatch(ImageDataset data, int from, int to) {
        if (from < 0 || to > data.size() || from >= to) {
            throw new IllegalArgumentException("batch range must satisfy 0 <= from < to <= " + data.size()
                    + ", got [" + from + ", " + to + ")");
        }
        Image first = data.image(from);
        int c = first.channels();
        int h = first.height();
        int w = first.width();
        if (mean != null && mean.length != c) {
            throw new IllegalArgumentException("normalisation has " + mean.length + " channels but images of "
                    + data.name() + " have " + c);
        }
        int plane = h * w;
        int size = c * plane;
        float[] buf = new float[(to - from) * size];
        for (int i = from; i < to; i++) {
            Image img = i == from ? first : data.image(i);
            if (img.channels() != c || img.height() != h || img.width() != w) {
                throw new IllegalArgumentException("image " + i + " of " + data.name() + " is " + img.channels()
                        + "x" + img.height() + "x" + img.width() + ", expected " + c + "x" + h + "x" + w);
            }
            int off = (i - from) * size;
            System.arraycopy(img.data(), 0, buf, off, size);
            if (mean != null) {
                for (int ch = 0; ch < c; ch++) {
                    float m = mean[ch];
                    float s = std[ch];
                    int base = off + ch * plane;
                    for (int p = 0; p < plane; p++) {
                        buf[base + p] = (buf[base + p] - m) / s;
                    }
                }
            }
        }
        return Nd4j.create(buf, new long[]{to - from, c, h, w}, 'c');
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private int batchSize = 256;
        private float[] mean;
        private float[] std;

        private Builder() {
        }

        /** Images per encoder call (default 256); any value works, the features do not change. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Per-channel normalisation {@code (x - mean[c]) / std[c]}, e.g. ImageNet's statistics. */
        public Builder normalization(float[] mean, float[] std) {
            this.mean = Objects.requireNonNull(mean, "mean").clone();
            this.std = Objects.requireNonNull(std, "std").clone();
            return this;
        }

        public FeatureExtractor build() {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            if (mean != null) {
                if (mean.length != std.length || mean.length == 0) {
                    throw new IllegalArgumentException("mean and std must have the same non-zero length, got "
                            + mean.length + " and " + std.length);
                }
                for (int c = 0; c < std.length; c++) {
                    if (!(std[c] > 0) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
                        throw new IllegalArgumentException("std must be > 0 and mean finite, got mean[" + c + "]="
                                + mean[c] + ", std[" + c + "]=" + std[c]);
                    }
                }
            }
            return new FeatureExtractor(this);
        }
    }
}
