package org.hvs.augment.data;

import org.hvs.augment.Image;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reader of CIFAR-10 (Krizhevsky 2009) in its binary version: {@code data_batch_1.bin} ..
 * {@code data_batch_5.bin} (training, 10,000 images each) and {@code test_batch.bin}, each a
 * sequence of 3,073-byte records: one label byte, then 1,024 red, 1,024 green and 1,024 blue bytes
 * of a 32x32 image in row-major order (already the CHW layout of {@link Image}). Class names come
 * from {@code batches.meta.txt} when present (one per line), else {@link #CLASS_NAMES}. The
 * directory may be the unpacked {@code cifar-10-batches-bin} itself or its parent.
 *
 * <p>A batch whose length is not a whole number of records, or with a label outside [0, 10), is a
 * {@link DataReadException} naming it; with {@link ReadOptions#skipUnreadable()} such a training
 * batch is skipped, logged at WARN and listed in the {@link ReadReport} instead (if none is left,
 * or the test batch is bad, the read still fails). Missing training batches are logged at WARN.
 *
 * <pre>{@code
 * InMemoryDataset train = Cifar10.train(Path.of("/data/cifar-10-batches-bin"));
 * InMemoryDataset test = Cifar10.test(Path.of("/data/cifar-10-batches-bin"));
 * }</pre>
 */
public final class Cifar10 {
    private static final Logger LOG = LoggerFactory.getLogger(Cifar10.class);

    /** The standard class names, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    /** Bytes per record: 1 label byte and 3 x 32 x 32 pixel bytes. */
    public static final int RECORD_BYTES = 1 + 3 * 32 * 32;

    private static final int SIDE = 32;
    private static final String SUBDIR = "cifar-10-batches-bin";

    private Cifar10() {
    }

    /** All training batches found in {@code dir}; a bad batch is an error. */
    public static InMemoryDataset train(Path dir) {
        return train(dir, ReadOptions.DEFAULT);
    }

    /** The test batch of {@code dir}. */
    public static InMemoryDataset test(Path dir) {
        return test(dir, ReadOptions.DEFAULT);
    }

    /** All training batches found in {@code dir}, skipping bad ones if {@code options} say so. */
    public static InMemoryDataset train(Path dir, ReadOptions options) {
        Objects.requireNonNull(options, "options");
        Path root = root(dir);
        List<Path> batches = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Path p = root.resolve("data_batch_" + i + ".bin");
            if (Files.isRegularFile(p)) {
                batches.add(p);
            } else {
                missing.add(p.getFileName().toString());
            }
        }
        if (batches.isEmpty()) {
            throw new DataReadException(root, "no CIFAR-10 training batches in " + root
                    + ": expected data_batch_1.bin .. data_batch_5.bin");
        }
        if (!missing.isEmpty()) {
            LOG.warn("CIFAR-10 directory {} lacks {}; reading only {} training batch(es)", root, missing, batches.size());
        }
        return read(root, batches, "cifar10/train", options);
    }

    /** The test batch of {@code dir}; {@code options} are accepted for uniformity (one file cannot be skipped). */
    public static InMemoryDataset test(Path dir, ReadOptions options) {
        Objects.requireNonNull(options, "options");
        Path root = root(dir);
        Path p = root.resolve("test_batch.bin");
        if (!Files.isRegularFile(p)) {
            throw new DataReadException(root, "no CIFAR-10 test batch in " + root + ": expected test_batch.bin");
        }
        return read(root, List.of(p), "cifar10/test", ReadOptions.DEFAULT);
    }

    private static Path root(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new DataReadException(dir, "no such directory: " + dir);
        }
        Path sub = dir.resolve(SUBDIR);
        boolean hasBatches = Files.isRegularFile(dir.resolve("test_batch.bin"))
                || Files.isRegularFile(dir.resolve("data_batch_1.bin"));
        return !hasBatches && Files.isDirectory(sub) ? sub : dir;
    }

    private static InMemoryDataset read(Path root, List<Path> batches, String name, ReadOptions options) {
        List<String> classNames = classNames(root);
        List<Image> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path batch : batches) {
            try {
                readBatch(batch, classNames.size(), images, labels);
            } catch (DataReadException e) {
                if (!options.skipUnreadable() || batches.size() == 1) {
                    throw e;
                }
                LOG.warn("skipping unreadable CIFAR-10 batch: {}", e.getMessage());
                skipped.add(batch + ": " + e.getMessage());
            }
        }
        if (images.isEmpty()) {
            throw new DataReadException(root, "no readable CIFAR-10 batch in " + root + ", skipped: " + skipped);
        }
        LOG.info("read {} CIFAR-10 images from {} batch(es) in {}", images.size(), batches.size() - skipped.size(), root);
        return InMemoryDataset.of(name, images, labels.stream().mapToInt(Integer::intValue).toArray(), classNames,
                new ReadReport(skipped));
    }

    /** Appends the records of one batch; on any problem appends nothing and throws. */
    private static void readBatch(Path batch, int numClasses, List<Image> images, List<Integer> labels) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(batch);
        } catch (IOException e) {
            throw new DataReadException(batch, "cannot read CIFAR-10 batch " + batch + ": " + e, e);
        }
        if (bytes.length == 0 || bytes.length % RECORD_BYTES != 0) {
            throw new DataReadException(batch, "truncated CIFAR-10 batch " + batch + ": " + bytes.length
                    + " bytes is not a positive multiple of the " + RECORD_BYTES + "-byte record");
        }
        int n = bytes.length / RECORD_BYTES;
        List<Image> batchImages = new ArrayList<>(n);
        int[] batchLabels = new int[n];
        int plane = 3 * SIDE * SIDE;
        for (int r = 0; r < n; r++) {
            int off = r * RECORD_BYTES;
            int label = bytes[off] & 0xFF;
            if (label >= numClasses) {
                throw new DataReadException(batch, "corrupt CIFAR-10 batch " + batch + ": record " + r + " has label "
                        + label + ", outside [0, " + numClasses + ")");
            }
            float[] data = new float[plane];
            for (int p = 0; p < plane; p++) {
                data[p] = (bytes[off + 1 + p] & 0xFF) / 255f;
            }
            batchImages.add(Image.of(data, 3, SIDE, SIDE));
            batchLabels[r] = label;
        }
        images.addAll(batchImages);
        for (int label : batchLabels) {
            labels.add(label);
        }
    }

    /** Names from {@code batches.meta.txt} (non-blank lines) when it exists, else the standard ones. */
    private static List<String> classNames(Path root) {
        Path meta = root.resolve("batches.meta.txt");
        if (!Files.isRegularFile(meta)) {
            return CLASS_NAMES;
        }
        try {
            List<String> names = Files.readAllLines(meta, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (names.size() != CLASS_NAMES.size()) {
                throw new DataReadException(meta, "corrupt CIFAR-10 meta file " + meta + ": expected "
                        + CLASS_NAMES.size() + " class names, got " + names.size());
            }
            return names;
        } catch (IOException e) {
            throw new DataReadException(meta, "cannot read CIFAR-10 meta file " + meta + ": " + e, e);
        }
    }
}
