package org.hvs.augment.data;

import org.hvs.augment.Image;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reader of Fashion-MNIST (Xiao, Rasul and Vollgraf 2017, arXiv:1708.07747): 60,000 training and
 * 10,000 test greyscale 28x28 images of 10 clothing classes, stored as IDX files. Reads from any
 * directory holding {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code
 * t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each plain or gzipped ({@code .gz});
 * the dotted variants {@code train-images.idx3-ubyte} are accepted too. The Debian package {@code
 * dataset-fashion-mnist} installs the gzipped standard names in {@link #DEFAULT_DIR}. Also reads
 * MNIST-like sets in the same format (any image size; labels must be in [0, 10)).
 *
 * <p>Images have 1 channel and values {@code byte / 255}. A split is one image and one label file,
 * so a bad file is always a {@link DataReadException} ({@link ReadOptions#skipUnreadable()} cannot
 * apply).
 *
 * <pre>{@code
 * InMemoryDataset train = FashionMnist.train(FashionMnist.DEFAULT_DIR);
 * InMemoryDataset test = FashionMnist.test(Path.of("/data/fashion"));
 * }</pre>
 */
public final class FashionMnist {
    private static final Logger LOG = LoggerFactory.getLogger(FashionMnist.class);

    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The class names from the Fashion-MNIST paper, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /** The 60,000-image training split from {@code dir}. */
    public static InMemoryDataset train(Path dir) {
        return read(dir, "train", "fashion-mnist/train");
    }

    /** The 10,000-image test split from {@code dir}. */
    public static InMemoryDataset test(Path dir) {
        return read(dir, "t10k", "fashion-mnist/test");
    }

    /** As {@link #train(Path)}; {@code options} are accepted for uniformity with the other readers. */
    public static InMemoryDataset train(Path dir, ReadOptions options) {
        Objects.requireNonNull(options, "options");
        return train(dir);
    }

    /** As {@link #test(Path)}; {@code options} are accepted for uniformity with the other readers. */
    public static InMemoryDataset test(Path dir, ReadOptions options) {
        Objects.requireNonNull(options, "options");
        return test(dir);
    }

    private static InMemoryDataset read(Path dir, String prefix, String name) {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            String hint = dir.equals(DEFAULT_DIR)
                    ? " (install the Debian package dataset-fashion-mnist, or pass fashion-mnist=DIR)" : "";
            throw new DataReadException(dir, "no such directory: " + dir + hint);
        }
        Path imageFile = find(dir, prefix, "images", 3);
        Path labelFile = find(dir, prefix, "labels", 1);
        IdxFile images = IdxFile.read(imageFile, IdxFile.IMAGES_MAGIC, "pixel data");
        IdxFile labels = IdxFile.read(labelFile, IdxFile.LABELS_MAGIC, "label data");
        int n = images.dims()[0];
        if (labels.dims()[0] != n) {
            throw new DataReadException(labelFile, "label file " + labelFile + " has " + labels.dims()[0]
                    + " labels but image file " + imageFile + " has " + n + " images");
        }
        int rows = images.dims()[1];
        int cols = images.dims()[2];
        int plane = rows * cols;
        byte[] px = images.data();
        List<Image> list = new ArrayList<>(n);
        int[] labs = new int[n];
        for (int i = 0; i < n; i++) {
            int label = labels.data()[i] & 0xFF;
            if (label >= CLASS_NAMES.size()) {
                throw new DataReadException(labelFile, "corrupt label file " + labelFile + ": label " + label
                        + " of image " + i + " is outside [0, " + CLASS_NAMES.size() + ")");
            }
            labs[i] = label;
            float[] data = new float[plane];
            for (int p = 0; p < plane; p++) {
                data[p] = (px[i * plane + p] & 0xFF) / 255f;
            }
            list.add(Image.of(data, 1, rows, cols));
        }
        LOG.info("read {} images of {}x{} from {}", n, rows, cols, imageFile);
        return InMemoryDataset.of(name, list, labs, CLASS_NAMES);
    }

    /** The first existing file among the accepted names for {@code prefix-kind-idxN-ubyte}. */
    private static Path find(Path dir, String prefix, String kind, int dims) {
        String dashed = prefix + "-" + kind + "-idx" + dims + "-ubyte";
        String dotted = prefix + "-" + kind + ".idx" + dims + "-ubyte";
        List<String> names = List.of(dashed + ".gz", dashed, dotted + ".gz", dotted);
        for (String candidate : names) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataReadException(dir, "no Fashion-MNIST " + ("t10k".equals(prefix) ? "test" : "train") + " " + kind
                + " in " + dir + ": expected one of " + String.join(", ", names));
    }
}
