package org.hvs.ssl.method;

import org.hvs.core.method.Backbone;

/**
 * What every method's builder has: the backbone (required) and the batch-norm mode of the HVS
 * scoring forward. {@link SiameseBuilder} and {@link DistillationBuilder} extend it.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class MethodBuilder<B extends MethodBuilder<B>> {
    Backbone backbone;
    boolean selectionTrainMode = true;

    MethodBuilder() {
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    public B backbone(Backbone b) {
        this.backbone = b;
        return self();
    }

    /** Batch statistics (true, the paper's code, default) or running averages (false) in the selection forward. */
    public B selectionTrainMode(boolean t) {
        this.selectionTrainMode = t;
        return self();
    }
}
