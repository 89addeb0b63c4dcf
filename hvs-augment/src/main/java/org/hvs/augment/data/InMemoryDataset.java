package org.hvs.augment.data;

import org.hvs.augment.Image;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable labelled data set held in memory: what every reader in this package returns. All
 * images have the same channels and size; labels lie in {@code [0, numClasses())}. Reads are
 * thread-safe. The {@link #report()} tells what the reader skipped, if anything.
 *
 * <pre>{@code
 * InMemoryDataset ds = InMemoryDataset.of("toy", List.of(imgA, imgB), new int[] {0, 1}, List.of("cat", "dog"));
 * InMemoryDataset firstOne = ds.limit(1);
 * InMemoryDataset dogs = ds.subset(new int[] {1});
 * }</pre>
 */
public final class InMemoryDataset implements ImageDataset {
    private final String name;
    private final Image[] images;
    private final int[] labels;
    private final List<String> classNames;
    private final ReadReport report;

    private InMemoryDataset(String name, Image[] images, int[] labels, List<String> classNames, ReadReport report) {
        this.name = name;
        this.images = images;
        this.labels = labels;
        this.classNames = classNames;
        this.report = report;
    }

    /** A data set with a clean {@link ReadReport}; see {@link #of(String, List, int[], List, ReadReport)}. */
    public static InMemoryDataset of(String name, List<Image> images, int[] labels, List<String> classNames) {
        return of(name, images, labels, classNames, ReadReport.CLEAN);
    }

    /**
     * Validates and wraps the given images (the list and label array are copied; images are
     * immutable by contract).
     *
     * @throws IllegalArgumentException if there are no images, the label count differs, a label is
     *                                  out of range, or the images differ in shape
     */
    public static InMemoryDataset of(String name, List<Image> images, int[] labels, List<String> classNames,
                                     ReadReport report) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(classNames, "classNames");
        Objects.requireNonNull(report, "report");
        if (name.isBlank()) {
            throw new IllegalArgumentException("data set name must not be blank, got '" + name + "'");
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("data set '" + name + "' is empty");
        }
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("data set '" + name + "' has no class names");
        }
        List<String> names = List.copyOf(classNames); // rejects null names
        if (labels.length != images.size()) {
            throw new IllegalArgumentException("data set '" + name + "' has " + images.size() + " images but "
                    + labels.length + " labels");
        }
        Image[] imgs = images.toArray(new Image[0]);
        Image first = Objects.requireNonNull(imgs[0], "image 0");
        for (int i = 0; i < imgs.length; i++) {
            Image img = imgs[i];
            if (img == null) {
                throw new NullPointerException("image " + i + " of data set '" + name + "' is null");
            }
            if (img.channels() != first.channels() || img.height() != first.height() || img.width() != first.width()) {
                throw new IllegalArgumentException("image " + i + " of data set '" + name + "' is " + shape(img)
                        + ", expected " + shape(first) + " like image 0");
            }
            if (labels[i] < 0 || labels[i] >= names.size()) {
                throw new IllegalArgumentException("label of image " + i + " in data set '" + name + "' must be in [0, "
                        + names.size() + "), got " + labels[i]);
            }
        }
        return new InMemoryDataset(name, imgs, labels.clone(), names, report);
    }

    private static String shape(Image img) {
        return img.channels() + "x" + img.height() + "x" + img.width();
    }

    /**
     * The images at {@code indices}, in that order (repeats allowed), under the same name, classes
     * and report.
     *
     * @throws IllegalArgumentException if {@code indices} is empty or an index is out of range
     */
    public InMemoryDataset subset(int[] indices) {
        return subset(name, indices);
    }

    /** As {@link #subset(int[])} under a new name, e.g. {@code "folder/train"}. */
    public InMemoryDataset subset(String newName, int[] indices) {
        Objects.requireNonNull(indices, "indices");
        Image[] imgs = new Image[indices.length];
        int[] labs = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int k = indices[i];
            if (k < 0 || k >= images.length) {
                throw new IllegalArgumentException("subset index " + k + " of data set '" + name
                        + "' must be in [0, " + images.length + ")");
            }
            imgs[i] = images[k];
            labs[i] = labels[k];
        }
        return of(newName, Arrays.asList(imgs), labs, classNames, report);
    }

    /**
     * The first {@code n} images, or this data set when it has at most {@code n}.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public InMemoryDataset limit(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + n);
        }
        if (n >= images.length) {
            return this;
        }
        int[] first = new int[n];
        Arrays.setAll(first, i -> i);
        return subset(first);
    }

    /** How many images each class has, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** What the reader skipped to build this data set; {@link ReadReport#CLEAN} if nothing. */
    public ReadReport report() {
        return report;
    }

    /** Channels of every image (1 or 3). */
    public int channels() {
        return images[0].channels();
    }

    /** Height of every image in pixels. */
    public int height() {
        return images[0].height();
    }

    /** Width of every image in pixels. */
    public int width() {
        return images[0].width();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return images.length;
    }

    @Override
    public Image image(int index) {
        return images[index];
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public int numClasses() {
        return classNames.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public String toString() {
        return "InMemoryDataset[" + name + ", " + images.length + " images " + shape(images[0]) + ", "
                + classNames.size() + " classes" + (report.isClean() ? "" : ", " + report.skippedCount() + " skipped")
                + "]";
    }
}
