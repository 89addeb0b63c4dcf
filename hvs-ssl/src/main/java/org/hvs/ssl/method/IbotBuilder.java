package org.hvs.ssl.method;

import org.hvs.ssl.loss.IbotPatchLoss;
import org.hvs.ssl.mask.BlockMasking;

/**
 * Builder of {@link Ibot}: {@code backbone} (a {@link org.hvs.ssl.backbone.vit.VisionTransformer}
 * graph) is required; the teacher-student settings shared with DINO are in {@link DistillationBuilder},
 * the iBOT ones here, with bytedance/ibot's defaults (shared head, lambda1 = lambda2 = 1, patch
 * teacher temperature 0.04 warming to 0.07, patch centre momentum 0.9, iBOT's block masks).
 */
public final class IbotBuilder extends DistillationBuilder<IbotBuilder> {
    boolean sharedHead = true;
    int patchOutDim = -1;
    double lambda1 = 1.0;
    double lambda2 = IbotPatchLoss.DEFAULT_LAMBDA;
    double patchTeacherTempStart = IbotPatchLoss.DEFAULT_WARMUP_TEACHER_TEMP;
    double patchTeacherTemp = IbotPatchLoss.DEFAULT_TEACHER_TEMP;
    double centerMomentum2 = IbotPatchLoss.DEFAULT_CENTER_MOMENTUM;
    BlockMasking masking;

    IbotBuilder() {
    }

    /**
     * One head for the CLS token and the patch tokens (iBOT's {@code shared_head}, the default), or
     * a separate weight-normalised last layer for the patch tokens, of {@code patchOutDim} outputs,
     * on the shared MLP (iBOT's head with {@code shared_head=False}).
     */
    public IbotBuilder sharedHead(boolean shared) {
        this.sharedHead = shared;
        return this;
    }

    /** K2, the size of the patch distribution with a separate patch head (default: {@code outDim}). */
    public IbotBuilder patchOutDim(int k) {
        this.patchOutDim = k;
        return this;
    }

    /** Weights of the CLS term ({@code lambda1}) and of the masked patch term ({@code lambda2}); default 1 and 1. */
    public IbotBuilder lambdas(double cls, double patch) {
        this.lambda1 = cls;
        this.lambda2 = patch;
        return this;
    }

    /** The patch teacher temperature, warming from {@code start} to {@code end} like the CLS one (default 0.04 to 0.07). */
    public IbotBuilder patchTeacherTemp(double start, double end) {
        this.patchTeacherTempStart = start;
        this.patchTeacherTemp = end;
        return this;
    }

    /** Momentum of the patch centre {@code center2} (default 0.9). */
    public IbotBuilder patchCenterMomentum(double m) {
        this.centerMomentum2 = m;
        return this;
    }

    /**
     * The student's block masks (default: {@code BlockMasking.builder()}'s iBOT settings, seeded with
     * the training seed at {@link Ibot#initialize}).
     */
    public IbotBuilder masking(BlockMasking m) {
        this.masking = m;
        return this;
    }

    public Ibot build() {
        validate();
        check(patchOutDim == -1 || patchOutDim > 0, "patchOutDim must be > 0, got " + patchOutDim);
        check(sharedHead ? patchOutDim == -1 || patchOutDim == outDim : true,
                "a shared head gives the patches outDim=" + outDim + " outputs; patchOutDim " + patchOutDim
                        + " needs sharedHead(false)");
        check(lambda1 >= 0 && lambda2 >= 0 && Double.isFinite(lambda1) && Double.isFinite(lambda2),
                "lambdas must be finite and >= 0, got " + lambda1 + ", " + lambda2);
        check(patchTeacherTempStart > 0 && patchTeacherTemp > 0, "patch teacher temperatures must be > 0, got "
                + patchTeacherTempStart + ", " + patchTeacherTemp);
        check(centerMomentum2 >= 0 && centerMomentum2 <= 1, "patch centre momentum must be in [0, 1], got " + centerMomentum2);
        return new Ibot(this);
    }
}
