package org.hvs.augment.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The command-line {@code --data} argument: which data set, and from where. Accepted forms:
 * {@code shapes} (generated, see {@link Shapes}), {@code shapes-rgb} (the same shapes in uniformly random
 * RGB colours, {@link ShapeColours#RANDOM_RGB}), {@code fashion-mnist} (from {@link
 * FashionMnist#DEFAULT_DIR}), {@code fashion-mnist=DIR}, {@code cifar10=DIR}, {@code folder=DIR}.
 * {@link #open(DataOptions)} loads the train and test splits.
 *
 * <p>For {@code folder=DIR}: if DIR has sub-folders {@code train} and {@code test} (or {@code
 * val}), each is read as an {@link ImageFolder} and they must have the same classes; otherwise DIR
 * itself is read and split with {@link DataSplits#stratified} ({@link DataOptions#testFraction()},
 * default 20% of each class, seeded by {@link DataOptions#seed()}).
 *
 * <pre>{@code
 * DataSplits data = DataSpec.parse("cifar10=/data/cifar-10-batches-bin")
 *         .open(DataOptions.builder().limit(10_000).build());
 * }</pre>
 */
public final class DataSpec {
    private static final Logger LOG = LoggerFactory.getLogger(DataSpec.class);

    /** The accepted forms, as listed in error messages. */
    public static final List<String> CHOICES = List.of("shapes", "shapes-rgb", "fashion-mnist", "fashion-mnist=DIR", "cifar10=DIR",
            "folder=DIR");

    /** Test images kept under a limit, unless fewer are available. */
    static final int MIN_TEST = 1000;

    /** The kinds of data set a spec can name. */
    public enum Kind {
        /** The generated {@link Shapes}. */
        SHAPES("shapes"),
        /** The generated {@link Shapes} in {@link ShapeColours#RANDOM_RGB} colours. */
        SHAPES_RGB("shapes-rgb"),
        /** {@link FashionMnist} IDX files. */
        FASHION_MNIST("fashion-mnist"),
        /** {@link Cifar10} binary batches. */
        CIFAR10("cifar10"),
        /** An {@link ImageFolder} tree. */
        FOLDER("folder");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The name used on the command line. */
        public String key() {
            return key;
        }
    }

    private final Kind kind;
    private final Path dir;

    private DataSpec(Kind kind, Path dir) {
        this.kind = kind;
        this.dir = dir;
    }

    /**
     * Parses a {@code --data} value.
     *
     * @throws IllegalArgumentException naming the value and listing {@link #CHOICES} when it is not one of them
     */
    public static DataSpec parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.strip();
        int eq = s.indexOf('=');
        String key = (eq < 0 ? s : s.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
        String dir = eq < 0 ? null : s.substring(eq + 1).strip();
        if (dir != null && dir.isEmpty()) {
            throw new IllegalArgumentException("data set '" + spec + "' has an empty directory after '='; choose one of: "
                    + String.join(", ", CHOICES));
        }
        for (Kind k : Kind.values()) {
            if (k.key().equals(key)) {
                return of(k, dir, spec);
            }
        }
        throw new IllegalArgumentException("unknown data set '" + spec + "'; choose one of: " + String.join(", ", CHOICES));
    }

    private static DataSpec of(Kind kind, String dir, String spec) {
        switch (kind) {
            case SHAPES, SHAPES_RGB:
                if (dir != null) {
                    throw new IllegalArgumentException("data set '" + kind.key() + "' is generated and takes no directory, got '"
                            + spec + "'");
                }
                return new DataSpec(kind, null);
            case FASHION_MNIST:
                return new DataSpec(kind, dir == null ? FashionMnist.DEFAULT_DIR : Path.of(dir));
            default:
                if (dir == null) {
                    throw new IllegalArgumentException("data set '" + spec + "' needs a directory: " + kind.key()
                            + "=DIR");
                }
                return new DataSpec(kind, Path.of(dir));
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The directory to read from; empty for the generated shapes. */
    public Optional<Path> dir() {
        return Optional.ofNullable(dir);
    }

    /**
     * Loads the train and test splits, applying {@link DataOptions#limit()}.
     *
     * @throws DataReadException if a file or directory cannot be read
     */
    public DataSplits open(DataOptions options) {
        Objects.requireNonNull(options, "options");
        ReadOptions read = options.readOptions();
        DataSplits full = switch (kind) {
            case SHAPES -> shapes(options, ShapeColours.NATURAL);
            case SHAPES_RGB -> shapes(options, ShapeColours.RANDOM_RGB);
            case FASHION_MNIST -> new DataSplits(FashionMnist.train(dir, read), FashionMnist.test(dir, read));
            case CIFAR10 -> new DataSplits(Cifar10.train(dir, read), Cifar10.test(dir, read));
            case FOLDER -> folder(options);
        };
        DataSplits splits = limit(full, options.limit());
        LOG.info("data {}: {} train and {} test images, {} classes{}", this, splits.train().size(), splits.test().size(),
                splits.train().numClasses(), splits.report().isClean() ? ""
                        : ", " + splits.report().skippedCount() + " unreadable files skipped");
        return splits;
    }

    /** Shapes generates only what the limit keeps (image i does not depend on the count). */
    private static DataSplits shapes(DataOptions o, ShapeColours colours) {
        int train = o.limit() == 0 ? o.shapesTrain() : Math.min(o.limit(), o.shapesTrain());
        int test = testCount(o.shapesTest(), train, o.shapesTrain());
        return new DataSplits(Shapes.train(o.seed(), train, o.imageSize(), colours),
                Shapes.test(o.seed(), test, o.imageSize(), colours));
    }

    private DataSplits folder(DataOptions o) {
        ReadOptions read = o.readOptions();
        Path trainDir = dir.resolve("train");
        Path testDir = Files.isDirectory(dir.resolve("test")) ? dir.resolve("test") : dir.resolve("val");
        if (Files.isDirectory(trainDir) && Files.isDirectory(testDir)) {
            InMemoryDataset train = ImageFolder.read(trainDir, o.imageSize(), read);
            InMemoryDataset test = ImageFolder.read(testDir, o.imageSize(), read);
            if (!train.classNames().equals(test.classNames())) {
                throw new DataReadException(testDir, "class folders of " + testDir + " " + test.classNames()
                        + " differ from those of " + trainDir + " " + train.classNames());
            }
            // Shuffled, so that the limit takes a sample of every class rather than the first classes.
            return new DataSplits(shuffled(train, o.seed()), shuffled(test, o.seed() + 1));
        }
        return DataSplits.stratified(ImageFolder.read(dir, o.imageSize(), read), o.testFraction(), o.seed());
    }

    /** {@code ds} in a seeded random order (an inside-out Fisher-Yates shuffle). */
    private static InMemoryDataset shuffled(InMemoryDataset ds, long seed) {
        int[] order = new int[ds.size()];
        SplittableRandom rnd = new java.util.SplittableRandom(Shapes.mix(seed));
        for (int i = 0; i < order.length; i++) {
            int j = rnd.nextInt(i + 1);
            order[i] = order[j];
            order[j] = i;
        }
        return ds.subset(order);
    }

    /** Cuts train to {@code limit} and test in proportion (at least {@code min(MIN_TEST, available)}). */
    static DataSplits limit(DataSplits s, int limit) {
        if (limit == 0 || limit >= s.train().size()) {
            return s;
        }
        int test = testCount(s.test().size(), limit, s.train().size());
        return new DataSplits(s.train().limit(limit), s.test().limit(test));
    }

    /** Test images to keep when {@code trainKept} of {@code trainAvailable} training images are kept. */
    static int testCount(int testAvailable, int trainKept, int trainAvailable) {
        if (trainKept >= trainAvailable) {
            return testAvailable;
        }
        long proportional = (long) Math.ceil((double) testAvailable * trainKept / trainAvailable);
        return (int) Math.min(testAvailable, Math.max(proportional, Math.min(MIN_TEST, testAvailable)));
    }

    @Override
    public String toString() {
        return dir == null ? kind.key() : kind.key() + "=" + dir;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataSpec other && kind == other.kind && Objects.equals(dir, other.dir);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, dir);
    }
}
