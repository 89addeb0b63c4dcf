package org.hvs.ssl.method;

import org.hvs.core.method.Backbone;
import org.hvs.ssl.loss.DinoLoss;

import java.util.Objects;

/** Builder of {@link Dino}: {@code backbone} is required; defaults follow DINO scaled down for small images. */
public final class DinoBuilder {
    Backbone backbone;
    int outDim = 1024;
    int hiddenDim = 512;
    int bottleneckDim = 128;
    int headLayers = 3;
    boolean normLastLayer = true;
    boolean headBn = false;
    int localCrops = 2;
    boolean selectLocals = false;
    int compareLimit = 0;
    double studentTemp = DinoLoss.DEFAULT_STUDENT_TEMP;
    double teacherTempStart = 0.04;
    double teacherTemp = 0.07;
    double warmupTeacherTempFraction = 0.3;
    double momentumStart = 0.996;
    double centerMomentum = 0.9;
    double clipGrad = 3.0;
    int freezeLastLayerEpochs = 1;
    double weightDecayStart = 0.04;
    double weightDecayEnd = 0.4;
    boolean selectionTrainMode = true;

    public DinoBuilder backbone(Backbone b) {
        this.backbone = b;
        return this;
    }

    /** K, the size of the output distribution (65536 in the paper; 1024 by default here). */
    public DinoBuilder outDim(int k) {
        this.outDim = k;
        return this;
    }

    public DinoBuilder hiddenDim(int d) {
        this.hiddenDim = d;
        return this;
    }

    public DinoBuilder bottleneckDim(int d) {
        this.bottleneckDim = d;
        return this;
    }

    public DinoBuilder headLayers(int n) {
        this.headLayers = n;
        return this;
    }

    public DinoBuilder normLastLayer(boolean n) {
        this.normLastLayer = n;
        return this;
    }

    /** Batch norm in the head's hidden layers (DINO's {@code use_bn_in_head}; see {@link org.hvs.ssl.head.DinoHead.Builder#useBn}). */
    public DinoBuilder headBn(boolean bn) {
        this.headBn = bn;
        return this;
    }

    /** Local crops the student trains on per sample (the views must carry at least as many). */
    public DinoBuilder localCrops(int n) {
        this.localCrops = n;
        return this;
    }

    /**
     * Select local crops jointly with the global pair: candidates combine each global pair with
     * subsets of all generated locals, at most {@code compareLimit} of them (0 = no cap).
     */
    public DinoBuilder selectLocals(boolean s, int compareLimit) {
        this.selectLocals = s;
        this.compareLimit = compareLimit;
        return this;
    }

    public DinoBuilder studentTemp(double t) {
        this.studentTemp = t;
        return this;
    }

    /** Teacher temperature warming up linearly from {@code start} to {@code end} over {@code fraction} of training. */
    public DinoBuilder teacherTemp(double start, double end, double fraction) {
        this.teacherTempStart = start;
        this.teacherTemp = end;
        this.warmupTeacherTempFraction = fraction;
        return this;
    }

    public DinoBuilder teacherMomentum(double start) {
        this.momentumStart = start;
        return this;
    }

    public DinoBuilder centerMomentum(double m) {
        this.centerMomentum = m;
        return this;
    }

    /** Per-tensor gradient clipping norm (0 = off). */
    public DinoBuilder clipGrad(double c) {
        this.clipGrad = c;
        return this;
    }

    public DinoBuilder freezeLastLayerEpochs(int e) {
        this.freezeLastLayerEpochs = e;
        return this;
    }

    public DinoBuilder weightDecay(double start, double end) {
        this.weightDecayStart = start;
        this.weightDecayEnd = end;
        return this;
    }

    public DinoBuilder selectionTrainMode(boolean t) {
        this.selectionTrainMode = t;
        return this;
    }

    public Dino build() {
        Objects.requireNonNull(backbone, "backbone");
        check(outDim > 0, "outDim must be > 0, got " + outDim);
        check(localCrops >= 0, "localCrops must be >= 0, got " + localCrops);
        check(compareLimit >= 0, "compareLimit must be >= 0 (0 = no cap), got " + compareLimit);
        check(teacherTempStart > 0 && teacherTemp > 0, "teacher temperatures must be > 0, got " + teacherTempStart
                + ", " + teacherTemp);
        check(warmupTeacherTempFraction >= 0 && warmupTeacherTempFraction <= 1,
                "teacher temperature warm-up fraction must be in [0, 1], got " + warmupTeacherTempFraction);
        check(momentumStart >= 0 && momentumStart <= 1, "teacher momentum must be in [0, 1], got " + momentumStart);
        check(centerMomentum >= 0 && centerMomentum <= 1, "centre momentum must be in [0, 1], got " + centerMomentum);
        check(clipGrad >= 0, "clipGrad must be >= 0, got " + clipGrad);
        check(weightDecayStart >= 0 && weightDecayEnd >= 0, "weight decay must be >= 0, got " + weightDecayStart
                + ", " + weightDecayEnd);
        return new Dino(this);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
