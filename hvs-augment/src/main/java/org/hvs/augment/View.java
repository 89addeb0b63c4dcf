package org.hvs.augment;

import java.util.Objects;

/**
 * One augmented view of a source image: the pixels and the parameters that made them.
 *
 * <p>Before any crop, a view is the whole source image: {@link #of(Image)}.
 */
public record View(Image image, ViewParams params) {

    public View {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(params, "params");
    }

    /** The whole source image as a view, not yet transformed. */
    public static View of(Image source) {
        return new View(source, ViewParams.of(CropBox.full(source.width(), source.height()), "source"));
    }

    /** Intersection over union of the two views' crop boxes (in source pixels). */
    public static double iou(View a, View b) {
        return a.params.box().iou(b.params.box());
    }
}
