package org.hvs.augment.transform;

import org.hvs.augment.View;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A chain of transforms applied in order, as torchvision's {@code transforms.Compose}. Nested
 * compositions are flattened.
 *
 * <pre>{@code
 * ViewTransform t = Compose.of(RandomResizedCrop.of(224, 0.4, 1.0), new HorizontalFlip(0.5));
 * }</pre>
 */
public final class Compose implements ViewTransform {
    private final List<ViewTransform> steps;

    private Compose(List<ViewTransform> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The steps in order; none may be null. */
    public static Compose of(ViewTransform... steps) {
        Objects.requireNonNull(steps, "steps");
        return of(java.util.Arrays.asList(steps));
    }

    /** The steps in order; none may be null. */
    public static Compose of(List<? extends ViewTransform> steps) {
        Objects.requireNonNull(steps, "steps");
        List<ViewTransform> flat = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            ViewTransform s = Objects.requireNonNull(steps.get(i), "steps[" + i + "]");
            if (s instanceof Compose c) {
                flat.addAll(c.steps);
            } else {
                flat.add(s);
            }
        }
        return new Compose(flat);
    }

    /** The flattened steps. */
    public List<ViewTransform> steps() {
        return steps;
    }

    @Override
    public View apply(View in, Random rng) {
        View v = Objects.requireNonNull(in, "in");
        for (ViewTransform s : steps) {
            v = s.apply(v, rng);
        }
        return v;
    }

    @Override
    public String toString() {
        return "Compose" + steps;
    }
}
