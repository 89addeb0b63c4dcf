package org.hvs.augment.data;

/**
 * How a reader treats bad input. By default ({@link #DEFAULT}) a corrupt or unreadable file is a
 * {@link DataReadException}. With {@code skipUnreadable(true)} a reader that loads many independent
 * files (CIFAR-10 batches, image-folder images) skips each bad one, logs it at WARN and lists it in
 * the {@link ReadReport} of the result; files whose loss would leave nothing to read (the single
 * Fashion-MNIST image or label file, every CIFAR-10 batch, a missing directory) still fail.
 *
 * <pre>{@code
 * ReadOptions lenient = ReadOptions.builder().skipUnreadable(true).threads(4).build();
 * InMemoryDataset ds = ImageFolder.read(dir, 64, lenient);
 * log.info("skipped {} files", ds.report().skippedCount());
 * }</pre>
 *
 * @param skipUnreadable skip and count unreadable files instead of failing
 * @param threads        threads for readers that decode in parallel; 0 means all available processors
 */
public record ReadOptions(boolean skipUnreadable, int threads) {

    /** Fail on the first unreadable file; decode on all processors. */
    public static final ReadOptions DEFAULT = new ReadOptions(false, 0);

    public ReadOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = all processors), got " + threads);
        }
    }

    /** A builder starting from {@link #DEFAULT}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of threads to use: {@link #threads()} or, when 0, the available processors. */
    public int effectiveThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** Builder for {@link ReadOptions}; {@link #build()} validates. */
    public static final class Builder {
        private boolean skipUnreadable;
        private int threads;

        private Builder() {
        }

        /** Skip and count unreadable files instead of failing (default false). */
        public Builder skipUnreadable(boolean skip) {
            this.skipUnreadable = skip;
            return this;
        }

        /** Decoding threads, 0 for all processors (default 0). */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public ReadOptions build() {
            return new ReadOptions(skipUnreadable, threads);
        }
    }
}
