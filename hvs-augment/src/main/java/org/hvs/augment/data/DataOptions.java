package org.hvs.augment.data;

/**
 * Settings for {@link DataSpec#open(DataOptions)}; immutable, built by {@link #builder()}.
 *
 * <ul>
 *   <li>{@code imageSize}: side of the generated (shapes) or resized (folder) images; the fixed-size
 *       sets (Fashion-MNIST 28, CIFAR-10 32) ignore it. Default 32.</li>
 *   <li>{@code limit}: at most this many training images, 0 for all (default). The test split is
 *       cut in proportion, but keeps at least {@code min(1000, available)} images.</li>
 *   <li>{@code seed}: for the shapes generator and the folder train/test split. Default 0.</li>
 *   <li>{@code skipUnreadable}, {@code threads}: passed to readers as {@link ReadOptions}.</li>
 *   <li>{@code shapesTrain}, {@code shapesTest}: images generated for shapes before the limit
 *       (default 10,000 and 2,000).</li>
 *   <li>{@code testFraction}: share of each class held out when a folder has no test split (default 0.2).</li>
 * </ul>
 *
 * <pre>{@code
 * DataOptions o = DataOptions.builder().imageSize(32).limit(5000).seed(7).build();
 * }</pre>
 */
public final class DataOptions {
    private final int imageSize;
    private final int limit;
    private final long seed;
    private final boolean skipUnreadable;
    private final int threads;
    private final int shapesTrain;
    private final int shapesTest;
    private final double testFraction;

    private DataOptions(Builder b) {
        this.imageSize = b.imageSize;
        this.limit = b.limit;
        this.seed = b.seed;
        this.skipUnreadable = b.skipUnreadable;
        this.threads = b.threads;
        this.shapesTrain = b.shapesTrain;
        this.shapesTest = b.shapesTest;
        this.testFraction = b.testFraction;
    }

    /** A builder with the defaults listed above. */
    public static Builder builder() {
        return new Builder();
    }

    /** All defaults. */
    public static DataOptions defaults() {
        return builder().build();
    }

    public int imageSize() {
        return imageSize;
    }

    /** Maximum number of training images, 0 for no limit. */
    public int limit() {
        return limit;
    }

    public long seed() {
        return seed;
    }

    public boolean skipUnreadable() {
        return skipUnreadable;
    }

    public int threads() {
        return threads;
    }

    public int shapesTrain() {
        return shapesTrain;
    }

    public int shapesTest() {
        return shapesTest;
    }

    public double testFraction() {
        return testFraction;
    }

    /** The reader settings these options imply. */
    public ReadOptions readOptions() {
        return ReadOptions.builder().skipUnreadable(skipUnreadable).threads(threads).build();
    }

    @Override
    public String toString() {
        return "DataOptions[imageSize=" + imageSize + ", limit=" + limit + ", seed=" + seed + ", skipUnreadable="
                + skipUnreadable + ", threads=" + threads + ", shapesTrain=" + shapesTrain + ", shapesTest="
                + shapesTest + ", testFraction=" + testFraction + "]";
    }

    /** Builder for {@link DataOptions}; {@link #build()} validates every value. */
    public static final class Builder {
        private int imageSize = Shapes.DEFAULT_SIZE;
        private int limit;
        private long seed;
        private boolean skipUnreadable;
        private int threads;
        private int shapesTrain = 10_000;
        private int shapesTest = 2_000;
        private double testFraction = 0.2;

        private Builder() {
        }

        public Builder imageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /** At most this many training images; 0 for all. */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder skipUnreadable(boolean skipUnreadable) {
            this.skipUnreadable = skipUnreadable;
            return this;
        }

        /** Decoding threads for folders, 0 for all processors. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder shapesTrain(int count) {
            this.shapesTrain = count;
            return this;
        }

        public Builder shapesTest(int count) {
            this.shapesTest = count;
            return this;
        }

        public Builder testFraction(double testFraction) {
            this.testFraction = testFraction;
            return this;
        }

        /** The options; throws {@link IllegalArgumentException} naming the first invalid value. */
        public DataOptions build() {
            if (imageSize < Shapes.MIN_SIZE) {
                throw new IllegalArgumentException("image size must be >= " + Shapes.MIN_SIZE + ", got " + imageSize);
            }
            if (limit < 0) {
                throw new IllegalArgumentException("limit must be >= 0 (0 = no limit), got " + limit);
            }
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0 (0 = all processors), got " + threads);
            }
            if (shapesTrain < 1) {
                throw new IllegalArgumentException("shapes train count must be >= 1, got " + shapesTrain);
            }
            if (shapesTest < 1) {
                throw new IllegalArgumentException("shapes test count must be >= 1, got " + shapesTest);
            }
            if (!(testFraction > 0 && testFraction < 1)) {
                throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
            }
            return new DataOptions(this);
        }
    }
}
