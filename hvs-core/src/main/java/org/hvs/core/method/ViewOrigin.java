package org.hvs.core.method;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where the views of a training step came from, per sample: the data-set index of the image and the
 * indices of the two chosen global views among the candidates ({@link org.hvs.augment.MultiViewBatch}
 * view indices). Methods whose per-view state is derived from (image, view), such as iBOT's block
 * masks, use it to rebuild for the chosen views exactly what they used when scoring the candidates.
 *
 * <pre>{@code
 * ViewOrigin o = new ViewOrigin(new int[] {17, 4}, new int[] {0, 2}, new int[] {3, 1});
 * o.firstView(1);   // 2: sample 1 trains on candidate views 2 and 1 of image 4
 * }</pre>
 */
public record ViewOrigin(int[] imageIndices, int[] firstViews, int[] secondViews) {
    public ViewOrigin {
        Objects.requireNonNull(imageIndices, "imageIndices");
        Objects.requireNonNull(firstViews, "firstViews");
        Objects.requireNonNull(secondViews, "secondViews");
        if (firstViews.length != imageIndices.length || secondViews.length != imageIndices.length) {
            throw new IllegalArgumentException("imageIndices, firstViews and secondViews differ in length: "
                    + imageIndices.length + ", " + firstViews.length + ", " + secondViews.length);
        }
        for (int b = 0; b < imageIndices.length; b++) {
            if (imageIndices[b] < 0 || firstViews[b] < 0 || secondViews[b] < 0) {
                throw new IllegalArgumentException("indices must be >= 0, got image " + imageIndices[b] + ", views "
                        + firstViews[b] + ", " + secondViews[b] + " for sample " + b);
            }
        }
        imageIndices = imageIndices.clone();
        firstViews = firstViews.clone();
        secondViews = secondViews.clone();
    }

    /** The baseline origin: images {@code imageIndices}, every sample on views 0 and 1. */
    public static ViewOrigin firstPair(int[] imageIndices) {
        int[] zeros = new int[imageIndices.length];
        int[] ones = new int[imageIndices.length];
        Arrays.fill(ones, 1);
        return new ViewOrigin(imageIndices, zeros, ones);
    }

    public int batchSize() {
        return imageIndices.length;
    }

    public int imageIndex(int b) {
        return imageIndices[b];
    }

    public int firstView(int b) {
        return firstViews[b];
    }

    public int secondView(int b) {
        return secondViews[b];
    }

    @Override
    public int[] imageIndices() {
        return imageIndices.clone();
    }

    @Override
    public int[] firstViews() {
        return firstViews.clone();
    }

    @Override
    public int[] secondViews() {
        return secondViews.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ViewOrigin v && Arrays.equals(v.imageIndices, imageIndices)
                && Arrays.equals(v.firstViews, firstViews) && Arrays.equals(v.secondViews, secondViews);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(imageIndices) + Arrays.hashCode(firstViews)) + Arrays.hashCode(secondViews);
    }

    @Override
    public String toString() {
        return "ViewOrigin[images=" + Arrays.toString(imageIndices) + ", first=" + Arrays.toString(firstViews)
                + ", second=" + Arrays.toString(secondViews) + "]";
    }
}
