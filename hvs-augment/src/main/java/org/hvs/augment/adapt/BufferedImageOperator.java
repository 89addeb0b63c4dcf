package org.hvs.augment.adapt;

import org.hvs.augment.Image;
import org.hvs.augment.ImageConversions;
import org.hvs.augment.transform.ViewTransform;

import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.Random;

/**
 * A user's own transform on AWT images (Java2D drawing, ImageIO filters): takes a
 * {@link BufferedImage} and a random source, returns one of the same size. Used through
 * {@link #asImageOperator()} / {@link #asTransform()}, which convert with
 * {@link ImageConversions} (so values are rounded to 8 bits) and keep the input's channel count.
 *
 * <pre>{@code
 * BufferedImageOperator inverted = (img, rng) -> new RescaleOp(-1f, 255f, null).filter(img, null);
 * ViewTransform t = inverted.asTransform();
 * }</pre>
 */
@FunctionalInterface
public interface BufferedImageOperator {

    /** The transformed image, same width and height; must not modify {@code image}. */
    BufferedImage apply(BufferedImage image, Random rng);

    /** This operator on {@link Image}s (through an 8-bit AWT image). */
    default ImageOperator asImageOperator() {
        return (Image img, Random rng) -> {
            BufferedImage out = Objects.requireNonNull(apply(ImageConversions.toBufferedImage(img), rng),
                    "buffered image operator result");
            return ImageConversions.fromBufferedImage(out, img.channels());
        };
    }

    /** This operator as a view transform; the crop box and parameters are unchanged. */
    default ViewTransform asTransform() {
        return asImageOperator().asTransform();
    }
}
