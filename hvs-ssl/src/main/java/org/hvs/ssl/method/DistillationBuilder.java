package org.hvs.ssl.method;

import org.hvs.ssl.head.DinoHead;
import org.hvs.ssl.loss.DinoLoss;

import java.util.Objects;

/**
 * The settings DINO and iBOT share (an EMA teacher distilling into a student through a
 * {@link DinoHead}), with the defaults of facebookresearch/dino scaled down for small images:
 * {@code backbone} is required. {@link DinoBuilder} and {@link IbotBuilder} add their own.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class DistillationBuilder<B extends DistillationBuilder<B>> extends MethodBuilder<B> {
    int outDim = 1024;
    int hiddenDim = 512;
    int bottleneckDim = 128;
    int headLayers = 3;
    boolean normLastLayer = true;
    boolean headBn = false;
    int localCrops = 2;
    boolean scoreLocals = false;
    double studentTemp = DinoLoss.DEFAULT_STUDENT_TEMP;
    double teacherTempStart = 0.04;
    double teacherTemp = 0.07;
    double warmupTeacherTempFraction = 0.3;
    double momentumStart = 0.996;
    double momentumEnd = 1.0;
    double centerMomentum = 0.9;
    double clipGrad = 3.0;
    int freezeLastLayerEpochs = 1;
    double weightDecayStart = 0.04;
    double weightDecayEnd = 0.4;

    DistillationBuilder() {
    }

    /**
     * Whether Hard View Selection scores a global pair with the terms of the fixed (not selected) local
     * crops too, as the paper's code ({@code minsim} in automl/hvp) does. Default {@code false}: a pair
     * is scored by its two global-global terms, the pair that is hardest for each other, and the
     * selection skips the locals' forward. On {@code shapes} (DINO, ResNet, 10 epochs) the locals'
     * terms made HVS pick global pairs that overlap more than random ones (IoU 0.626 vs 0.623); the
     * global terms alone pick lower-overlap pairs (0.620 vs 0.623) at the same kNN accuracy (53.4% vs
     * 53.1%). Locals that DINO selects ({@code selectLocals}) are always scored.
     */
    public B scoreLocals(boolean s) {
        this.scoreLocals = s;
        return self();
    }

    /** K, the size of the output distribution (65536 in the papers; 1024 by default here). */
    public B outDim(int k) {
        this.outDim = k;
        return self();
    }

    public B hiddenDim(int d) {
        this.hiddenDim = d;
        return self();
    }

    public B bottleneckDim(int d) {
        this.bottleneckDim = d;
        return self();
    }

    public B headLayers(int n) {
        this.headLayers = n;
        return self();
    }

    public B normLastLayer(boolean n) {
        this.normLastLayer = n;
        return self();
    }

    /**
     * Batch norm in the head's hidden layers (DINO's {@code use_bn_in_head}; see {@link DinoHead.Builder#useBn}).
     * It removes the image-independent part of the features, which a ViT's class token carries a lot
     * of at the start: without it, DINO and iBOT on a tiny ViT sent the teacher to the uniform
     * distribution within 20 steps on {@code shapes}. iBOT then gives the CLS and the patch tokens a
     * head each.
     */
    public B headBn(boolean bn) {
        this.headBn = bn;
        return self();
    }

    /** Local crops the student trains on per sample (the views must carry at least as many). */
    public B localCrops(int n) {
        this.localCrops = n;
        return self();
    }

    public B studentTemp(double t) {
        this.studentTemp = t;
        return self();
    }

    /** Teacher temperature warming up linearly from {@code start} to {@code end} over {@code fraction} of training. */
    public B teacherTemp(double start, double end, double fraction) {
        this.teacherTempStart = start;
        this.teacherTemp = end;
        this.warmupTeacherTempFraction = fraction;
        return self();
    }

    /** Teacher EMA momentum at step 0; it rises on a cosine to 1 (DINO's schedule). */
    public B teacherMomentum(double start) {
        return teacherMomentum(start, 1.0);
    }

    /**
     * Teacher EMA momentum on a cosine from {@code start} to {@code end} ({@code start == end}: constant).
     * DINO's 0.996 -> 1 suits hundreds of epochs; in a run of a few hundred steps a momentum that
     * reaches 1 freezes the teacher halfway, and it ends several kNN points behind its student.
     */
    public B teacherMomentum(double start, double end) {
        this.momentumStart = start;
        this.momentumEnd = end;
        return self();
    }

    public B centerMomentum(double m) {
        this.centerMomentum = m;
        return self();
    }

    /** Per-tensor gradient clipping norm (0 = off). */
    public B clipGrad(double c) {
        this.clipGrad = c;
        return self();
    }

    public B freezeLastLayerEpochs(int e) {
        this.freezeLastLayerEpochs = e;
        return self();
    }

    /** Weight decay rising on a cosine from {@code start} to {@code end} over training. */
    public B weightDecay(double start, double end) {
        this.weightDecayStart = start;
        this.weightDecayEnd = end;
        return self();
    }

    /** The head these settings describe, on the backbone's features. */
    DinoHead head() {
        return DinoHead.builder().inDim((int) backbone.featureDim()).hiddenDim(hiddenDim).bottleneckDim(bottleneckDim)
                .outDim(outDim).nLayers(headLayers).normLastLayer(normLastLayer).useBn(headBn).build();
    }

    /** Validates the shared settings; the subclasses' {@code build()} call it first. */
    void validate() {
        Objects.requireNonNull(backbone, "backbone");
        check(outDim > 0, "outDim must be > 0, got " + outDim);
        check(localCrops >= 0, "localCrops must be >= 0, got " + localCrops);
        check(teacherTempStart > 0 && teacherTemp > 0, "teacher temperatures must be > 0, got " + teacherTempStart
                + ", " + teacherTemp);
        check(warmupTeacherTempFraction >= 0 && warmupTeacherTempFraction <= 1,
                "teacher temperature warm-up fraction must be in [0, 1], got " + warmupTeacherTempFraction);
        check(momentumStart >= 0 && momentumStart <= 1, "teacher momentum must be in [0, 1], got " + momentumStart);
        check(momentumEnd >= 0 && momentumEnd <= 1, "teacher momentum end must be in [0, 1], got " + momentumEnd);
        check(centerMomentum >= 0 && centerMomentum <= 1, "centre momentum must be in [0, 1], got " + centerMomentum);
        check(clipGrad >= 0, "clipGrad must be >= 0, got " + clipGrad);
        check(weightDecayStart >= 0 && weightDecayEnd >= 0, "weight decay must be >= 0, got " + weightDecayStart
                + ", " + weightDecayEnd);
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
