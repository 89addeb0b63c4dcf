package org.hvs.augment.adapt;

import org.hvs.augment.Image;
import org.hvs.augment.View;
import org.hvs.augment.transform.ViewTransform;

import java.util.Objects;
import java.util.Random;

/**
 * A user's own per-pixel image transform (noise, sharpening, a colour map...): takes an image and
 * a random source and returns an image of the same channels and size. Wrapped as a
 * {@link ViewTransform} it leaves the view's crop box and recorded parameters unchanged, so it
 * must not move pixels geometrically.
 *
 * <pre>{@code
 * ImageOperator noise = (img, rng) -> addNoise(img, 0.02, rng);
 * ViewTransform t = RandomResizedCrop.of(32, 0.2, 1).andThen(noise.asTransform());
 * }</pre>
 */
@FunctionalInterface
public interface ImageOperator {

    /** The transformed image, same channels, height and width as {@code image}; must not modify it. */
    Image apply(Image image, Random rng);

    /**
     * This operator as a view transform.
     *
     * @throws IllegalStateException (when applied) if the operator changes the image size
     */
    default ViewTransform asTransform() {
        return asTransform(this);
    }

    /** {@code op} as a view transform; see {@link #asTransform()}. */
    static ViewTransform asTransform(ImageOperator op) {
        Objects.requireNonNull(op, "op");
        return (View in, Random rng) -> {
            Image src = in.image();
            Image out = Objects.requireNonNull(op.apply(src, rng), "image operator result");
            if (out.channels() != src.channels() || out.height() != src.height() || out.width() != src.width()) {
                throw new IllegalStateException("image operator must keep the image size " + src.channels() + "x"
                        + src.height() + "x" + src.width() + ", got " + out.channels() + "x" + out.height() + "x"
                        + out.width());
            }
            return new View(out, in.params());
        };
    }
}
