package org.hvs.ssl.mask;

import org.hvs.augment.MultiViewGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * iBOT's block-wise masking of the patch grid (Zhou et al., "iBOT: Image BERT Pre-Training with
 * Online Tokenizer", 2022; {@code ImageFolderMask} in bytedance/ibot {@code loader.py}, itself
 * following BEiT's {@code MaskingGenerator}). Per view:
 *
 * <ol>
 *   <li>before {@code startEpoch} the mask is empty ({@code pred_start_epoch});</li>
 *   <li>with probability {@code probability} the view is masked, otherwise its mask is empty
 *       (iBOT's {@code --pred_ratio 0 0.3} picks one of the two ratios at random, i.e. 0.5);</li>
 *   <li>a prediction ratio {@code r} is drawn uniformly from {@code [minRatio, maxRatio]}
 *       ({@code pred_ratio ± pred_ratio_var}, 0.3 ± 0.2) and the budget is {@code r * T};</li>
 *   <li>while fewer than the budget are masked: up to 10 attempts to place a rectangle of area
 *       {@code U((min(H,W)/3)^2, remaining)} and aspect ratio {@code exp(U(ln a_min, ln a_max))}
 *       (0.3 to 1/0.3), strictly smaller than the grid in both sides, at a uniform position, kept
 *       only if it masks at least one new patch and no more new patches than remain; stop when all
 *       10 attempts fail.</li>
 * </ol>
 *
 * <p>So the masked count never exceeds {@code r * T} (hence {@code maxRatio * T}) and is usually
 * {@code floor(r * T)}; like iBOT's loop it can stop short when no rectangle fits the remainder.
 * Because a block is strictly smaller than the grid, a grid with a side of 1 is never masked.
 *
 * <p>Reproducible: each view's mask depends only on {@code (seed, epoch, imageIndex, view)}
 * (through {@link MultiViewGenerator#imageSeed} plus a mix of the view index and a salt that keeps it
 * apart from the views' own random stream), so the same seed gives the same masks whatever the batch
 * composition or the threads. The object is immutable and safe to share between threads.
 *
 * <pre>{@code
 * BlockMasking masking = BlockMasking.builder().seed(42).build();      // iBOT's ViT recipe
 * INDArray masks = masking.masks(8, 8, imageIndices, 4, epoch);       // [4*B, 64], view-major
 * }</pre>
 */
public final class BlockMasking {
    /** iBOT's recommended masking probability (README: {@code --pred_ratio 0 0.3}). */
    public static final double DEFAULT_PROBABILITY = 0.5;
    /** iBOT's recommended ratio range, {@code 0.3 ± 0.2} (README: {@code --pred_ratio_var 0 0.2}). */
    public static final double DEFAULT_MIN_RATIO = 0.1;
    public static final double DEFAULT_MAX_RATIO = 0.5;
    /** iBOT's {@code pred_aspect_ratio=(0.3, 1/0.3)} (main_ibot.py). */
    public static final double DEFAULT_MIN_ASPECT = 0.3;
    public static final double DEFAULT_MAX_ASPECT = 1 / 0.3;
    /** Attempts per block before giving up, as in iBOT's loader. */
    static final int ATTEMPTS = 10;

    private static final long SALT = 0x6d61736b5f69626fL; // "mask_ibo": separates masks from view streams
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final double probability;
    private final double minRatio;
    private final double maxRatio;
    private final double minAspect;
    private final double maxAspect;
    private final int startEpoch;
    private final long seed;

    private BlockMasking(Builder b) {
        this.probability = b.probability;
        this.minRatio = b.minRatio;
        this.maxRatio = b.maxRatio;
        this.minAspect = b.minAspect;
        this.maxAspect = b.maxAspect;
        this.startEpoch = b.startEpoch;
        this.seed = b.seed;
    }

    /** A builder with iBOT's recommended ViT settings (probability 0.5, ratio 0.1..0.5, aspect 0.3..1/0.3). */
    public static Builder builder() {
        return new Builder();
    }

    public double probability() {
        return probability;
    }

    public double minRatio() {
        return minRatio;
    }

    public double maxRatio() {
        return maxRatio;
    }

    public double minAspect() {
        return minAspect;
    }

    public double maxAspect() {
        return maxAspect;
    }

    public int startEpoch() {
        return startEpoch;
    }

    public long seed() {
        return seed;
    }

    /**
     * The mask of view {@code view} of image {@code imageIndex} in {@code epoch}.
     *
     * @param gridHeight patch rows H, &gt;= 1
     * @param gridWidth  patch columns W, &gt;= 1
     */
    public BlockMask mask(int gridHeight, int gridWidth, int imageIndex, int view, int epoch) {
        checkGrid(gridHeight, gridWidth);
        checkIndex(imageIndex, "imageIndex");
        checkIndex(view, "view");
        checkIndex(epoch, "epoch");
        if (epoch < startEpoch) {
            return BlockMask.empty(gridHeight, gridWidth);
        }
        Random rng = new Random(viewSeed(seed, epoch, imageIndex, view));
        boolean masked = rng.nextDouble() < probability;
        double ratio = minRatio + (maxRatio - minRatio) * rng.nextDouble();
        if (!masked || ratio == 0) {
            return BlockMask.empty(gridHeight, gridWidth);
        }
        return new BlockMask(gridHeight, gridWidth, ratio, placeBlocks(gridHeight, gridWidth, ratio, rng));
    }

    /**
     * The masks of {@code numViews} views of each image, view-major: element {@code v*B + b} is view
     * {@code v} of image {@code imageIndices[b]}.
     */
    public List<BlockMask> draw(int gridHeight, int gridWidth, int[] imageIndices, int numViews, int epoch) {
        checkBatch(imageIndices, numViews);
        List<BlockMask> out = new ArrayList<>(numViews * imageIndices.length);
        for (int v = 0; v < numViews; v++) {
            for (int imageIndex : imageIndices) {
                out.add(mask(gridHeight, gridWidth, imageIndex, v, epoch));
            }
        }
        return out;
    }

    /**
     * The masks of {@code numViews} views of each image as a FLOAT 0/1 array {@code [numViews*B, H*W]},
     * view-major rows ({@code v*B + b}), row-major tokens ({@code r*W + c}).
     */
    public INDArray masks(int gridHeight, int gridWidth, int[] imageIndices, int numViews, int epoch) {
        return toArray(draw(gridHeight, gridWidth, imageIndices, numViews, epoch));
    }

    /** Stacks masks of one grid size into a FLOAT 0/1 array {@code [masks.size(), T]}. */
    public static INDArray toArray(List<BlockMask> masks) {
        Objects.requireNonNull(masks, "masks");
        if (masks.isEmpty()) {
            throw new IllegalArgumentException("masks must not be empty");
        }
        BlockMask first = Objects.requireNonNull(masks.get(0), "masks[0]");
        int t = first.tokens();
        float[] buf = new float[masks.size() * t];
        for (int i = 0; i < masks.size(); i++) {
            BlockMask m = Objects.requireNonNull(masks.get(i), "masks[" + i + "]");
            if (m.gridHeight() != first.gridHeight() || m.gridWidth() != first.gridWidth()) {
                throw new IllegalArgumentException("masks[" + i + "] is on a " + m.gridHeight() + "x" + m.gridWidth()
                        + " grid, masks[0] on " + first.gridHeight() + "x" + first.gridWidth());
            }
            boolean[] cells = m.cells();
            for (int k = 0; k < t; k++) {
                buf[i * t + k] = cells[k] ? 1f : 0f;
            }
        }
        return Nd4j.create(buf, new long[] {masks.size(), t}, 'c').castTo(DataType.FLOAT);
    }

    /** iBOT's block loop: rectangles until {@code ratio * H * W} patches are masked or none fits. */
    private List<BlockMask.Block> placeBlocks(int h, int w, double ratio, Random rng) {
        boolean[] mask = new boolean[h * w];
        List<BlockMask.Block> blocks = new ArrayList<>();
        double high = ratio * h * w;
        double low = Math.pow(Math.min(h, w) / 3, 2);
        double logAspectMin = Math.log(minAspect);
        double logAspectMax = Math.log(maxAspect);
        int count = 0;
        while (count < high) {
            double remaining = high - count;
            int delta = 0;
            for (int attempt = 0; attempt < ATTEMPTS && delta == 0; attempt++) {
                double area = low + (remaining - low) * rng.nextDouble();
                double aspect = Math.exp(logAspectMin + (logAspectMax - logAspectMin) * rng.nextDouble());
                int bh = (int) Math.rint(Math.sqrt(area * aspect)); // Python's round(): half to even
                int bw = (int) Math.rint(Math.sqrt(area / aspect));
                if (bw < w && bh < h) {
                    int top = rng.nextInt(h - bh + 1);
                    int left = rng.nextInt(w - bw + 1);
                    int already = 0;
                    for (int r = top; r < top + bh; r++) {
                        for (int c = left; c < left + bw; c++) {
                            already += mask[r * w + c] ? 1 : 0;
                        }
                    }
                    int fresh = bh * bw - already;
                    if (fresh > 0 && fresh <= remaining) {
                        for (int r = top; r < top + bh; r++) {
                            for (int c = left; c < left + bw; c++) {
                                mask[r * w + c] = true;
                            }
                        }
                        blocks.add(new BlockMask.Block(top, left, bh, bw));
                        delta = fresh;
                    }
                }
            }
            if (delta == 0) {
                break;
            }
            count += delta;
        }
        return blocks;
    }

    /** The seed of one view's mask: the views' image seed, salted, mixed with the view index. */
    static long viewSeed(long seed, int epoch, int imageIndex, int view) {
        long h = MultiViewGenerator.imageSeed(seed, epoch, imageIndex) ^ SALT;
        return mix64(mix64(h) ^ ((view + 1L) * GOLDEN_GAMMA));
    }

    /** SplitMix64's finaliser (Steele, Lea, Flood 2014). */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static void checkGrid(int gridHeight, int gridWidth) {
        if (gridHeight < 1 || gridWidth < 1) {
            throw new IllegalArgumentException("grid must be at least 1x1 patches, got " + gridHeight + "x"
                    + gridWidth);
        }
    }

    private static void checkIndex(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    private static void checkBatch(int[] imageIndices, int numViews) {
        Objects.requireNonNull(imageIndices, "imageIndices");
        if (imageIndices.length == 0) {
            throw new IllegalArgumentException("imageIndices must hold at least one image, got 0");
        }
        if (numViews < 1) {
            throw new IllegalArgumentException("numViews must be >= 1, got " + numViews);
        }
    }

    @Override
    public String toString() {
        return "BlockMasking[probability=" + probability + ", ratio=" + minRatio + ".." + maxRatio + ", aspect="
                + minAspect + ".." + maxAspect + ", startEpoch=" + startEpoch + ", seed=" + seed + "]";
    }

    /** Builder; every setting has iBOT's recommended default, {@code build()} validates. */
    public static final class Builder {
        private double probability = DEFAULT_PROBABILITY;
        private double minRatio = DEFAULT_MIN_RATIO;
        private double maxRatio = DEFAULT_MAX_RATIO;
        private double minAspect = DEFAULT_MIN_ASPECT;
        private double maxAspect = DEFAULT_MAX_ASPECT;
        private int startEpoch;
        private long seed;

        private Builder() {
        }

        /** Probability that a view is masked at all, in [0, 1]; default 0.5. */
        public Builder probability(double p) {
            this.probability = p;
            return this;
        }

        /** Range of the prediction ratio (share of patches to mask), in [0, 1); default 0.1..0.5. */
        public Builder ratio(double min, double max) {
            this.minRatio = min;
            this.maxRatio = max;
            return this;
        }

        /** iBOT's {@code pred_ratio} and {@code pred_ratio_var}: the range {@code mean ± var}. */
        public Builder ratioMeanVar(double mean, double var) {
            if (!(var >= 0) || !(mean >= var)) {
                throw new IllegalArgumentException("pred_ratio_var must be in [0, pred_ratio], got pred_ratio=" + mean
                        + " pred_ratio_var=" + var);
            }
            return ratio(mean - var, mean + var);
        }

        /** Range of a block's height/width ratio, &gt; 0; default 0.3..1/0.3. */
        public Builder aspectRatio(double min, double max) {
            this.minAspect = min;
            this.maxAspect = max;
            return this;
        }

        /** First epoch with masks ({@code pred_start_epoch}), &gt;= 0; default 0. */
        public Builder startEpoch(int epoch) {
            this.startEpoch = epoch;
            return this;
        }

        /** Base seed; default 0. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public BlockMasking build() {
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
            }
            if (!(minRatio >= 0 && minRatio < 1)) {
                throw new IllegalArgumentException("minRatio must be in [0, 1), got " + minRatio);
            }
            if (!(maxRatio >= 0 && maxRatio < 1)) {
                throw new IllegalArgumentException("maxRatio must be in [0, 1), got " + maxRatio);
            }
            if (minRatio > maxRatio) {
                throw new IllegalArgumentException("minRatio must be <= maxRatio, got " + minRatio + " > " + maxRatio);
            }
            if (!(minAspect > 0) || Double.isInfinite(minAspect) || !(maxAspect > 0) || Double.isInfinite(maxAspect)) {
                throw new IllegalArgumentException("aspect ratios must be > 0 and finite, got " + minAspect + ".."
                        + maxAspect);
            }
            if (minAspect > maxAspect) {
                throw new IllegalArgumentException("minAspect must be <= maxAspect, got " + minAspect + " > "
                        + maxAspect);
            }
            if (startEpoch < 0) {
                throw new IllegalArgumentException("startEpoch must be >= 0, got " + startEpoch);
            }
            return new BlockMasking(this);
        }
    }
}
