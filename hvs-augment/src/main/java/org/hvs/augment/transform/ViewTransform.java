package org.hvs.augment.transform;

import org.hvs.augment.View;

import java.util.Objects;
import java.util.Random;

/**
 * One random step of a view pipeline: takes a view and a random source, returns a new view and
 * records what it did in the view's {@link org.hvs.augment.ViewParams}. Implementations are
 * immutable and thread-safe; all randomness comes from {@code rng}, so the same {@code rng} state
 * gives the same view.
 *
 * <pre>{@code
 * ViewTransform t = RandomResizedCrop.of(32, 0.2, 1.0).andThen(new HorizontalFlip(0.5));
 * View v = t.apply(View.of(image), new Random(7));
 * }</pre>
 */
@FunctionalInterface
public interface ViewTransform {

    /** Transforms {@code in}; never modifies it. */
    View apply(View in, Random rng);

    /** This transform followed by {@code next}. */
    default ViewTransform andThen(ViewTransform next) {
        Objects.requireNonNull(next, "next");
        return Compose.of(this, next);
    }

    /** The transform that returns its input unchanged. */
    static ViewTransform identity() {
        return (in, rng) -> in;
    }
}
