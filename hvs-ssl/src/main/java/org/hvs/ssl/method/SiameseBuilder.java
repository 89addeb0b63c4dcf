package org.hvs.ssl.method;

import java.util.Objects;

/**
 * The settings SimSiam's and SimCLR's builders share: the backbone (required), the projector sizes
 * and the batch-norm mode of the selection forward.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class SiameseBuilder<B extends SiameseBuilder<B>> extends MethodBuilder<B> {
    int projectorHidden;
    int projectorDim;

    SiameseBuilder(int projectorHidden, int projectorDim) {
        this.projectorHidden = projectorHidden;
        this.projectorDim = projectorDim;
    }

    public B projectorHidden(int d) {
        this.projectorHidden = d;
        return self();
    }

    public B projectorDim(int d) {
        this.projectorDim = d;
        return self();
    }

    /** Checks the shared settings and every extra head size. */
    final void validate(int... extraSizes) {
        Objects.requireNonNull(backbone, "backbone");
        for (int d : new int[] {projectorHidden, projectorDim}) {
            if (d <= 0) {
                throw new IllegalArgumentException("head sizes must be > 0, got " + d);
            }
        }
        for (int d : extraSizes) {
            if (d <= 0) {
                throw new IllegalArgumentException("head sizes must be > 0, got " + d);
            }
        }
    }
}
