package org.hvs.augment.data;

import org.hvs.augment.Image;

import java.util.List;

/**
 * A labelled set of images, read by index. Implementations are immutable and thread-safe for
 * reads, so the multi-view generator may read from several threads.
 */
public interface ImageDataset {

    /** A short name for logs and run summaries, e.g. {@code "shapes/train"}. */
    String name();

    /** Number of images; at least 1 (readers reject empty sources). */
    int size();

    /** The image at {@code index} (0-based), values in [0, 1]. */
    Image image(int index);

    /** The class label of image {@code index}, in {@code [0, numClasses())}. */
    int label(int index);

    int numClasses();

    /** Human-readable class names, {@code numClasses()} of them. */
    List<String> classNames();
}
