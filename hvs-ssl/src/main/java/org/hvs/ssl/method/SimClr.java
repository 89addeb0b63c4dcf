package org.hvs.ssl.method;

import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.hvs.core.method.Backbone;
import org.hvs.core.method.TrainingViews;
import org.hvs.core.method.StepContext;
import org.hvs.core.method.StepOutput;
import org.hvs.ssl.head.MlpHead;
import org.hvs.ssl.loss.NtXentLoss;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * SimCLR (Chen, Kornblith, Norouzi, Hinton, "A Simple Framework for Contrastive Learning of Visual
 * Representations", ICML 2020): a projection head (Linear-BN-ReLU, Linear) on the backbone and the
 * NT-Xent loss (temperature 0.1) with the other samples of the batch as negatives. HVS scores a
 * pair (i, j) per sample with that sample's NT-Xent terms when the whole batch uses views i and j.
 *
 * <pre>{@code
 * SimClr m = SimClr.builder().backbone(Backbone.of(graph, 3, 32, 32)).temperature(0.1).build();
 * }</pre>
 */
public final class SimClr extends SiameseMethod {
    private final int projectorHidden;
    private final int projectorDim;
    private final NtXentLoss loss;

    private SimClr(Builder b) {
        super(b.backbone, b.selectionTrainMode);
        this.projectorHidden = b.projectorHidden;
        this.projectorDim = b.projectorDim;
        this.loss = new NtXentLoss(b.temperature);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "simclr";
    }

    @Override
    public StepOutput trainStep(TrainingViews views, StepContext ctx) {
        if (views.batchSize() < 2) {
            throw new IllegalArgumentException("SimCLR needs a batch of at least 2 samples (negatives come from the other"
                    + " samples), got batch size " + views.batchSize());
        }
        return super.trainStep(views, ctx);
    }

    @Override
    void addHeads(TransferLearning.GraphBuilder g, String features, long featureDim) {
        String z = MlpHead.add(g, "z", features, featureDim, new int[] {projectorHidden}, projectorDim, MlpHead.LastNorm.NONE);
        g.setOutputs(z);
    }

    @Override
    LossAndGradient loss(INDArray[] outputs, int b) {
        INDArray[] z = halves(outputs[0], b);
        NtXentLoss.Result r = loss.compute(z[0], z[1]);
        return new LossAndGradient(r.loss(), new INDArray[] {Nd4j.concat(0, r.gradZ1(), r.gradZ2())},
                java.util.Map.of("z_std", normalizedStd(outputs[0])));
    }

    @Override
    INDArray pairScores(INDArray[] outputs, int numViews, List<int[]> pairs) {
        return loss.pairScores(outputs[0], numViews, pairs);
    }

    /** Builder: {@code backbone} is required; projector 256/128, temperature 0.1 by default. */
    public static final class Builder {
        private Backbone backbone;
        private int projectorHidden = 256;
        private int projectorDim = 128;
        private double temperature = NtXentLoss.DEFAULT_TEMPERATURE;
        private boolean selectionTrainMode = true;

        public Builder backbone(Backbone b) {
            this.backbone = b;
            return this;
        }

        public Builder projectorHidden(int d) {
            this.projectorHidden = d;
            return this;
        }

        public Builder projectorDim(int d) {
            this.projectorDim = d;
            return this;
        }

        public Builder temperature(double t) {
            this.temperature = t;
            return this;
        }

        /** Batch statistics (true, the paper's code) or running averages (false) in the selection forward. */
        public Builder selectionTrainMode(boolean t) {
            this.selectionTrainMode = t;
            return this;
        }

        public SimClr build() {
            java.util.Objects.requireNonNull(backbone, "backbone");
            if (projectorHidden <= 0 || projectorDim <= 0) {
                throw new IllegalArgumentException("head sizes must be > 0, got " + projectorHidden + ", " + projectorDim);
            }
            return new SimClr(this);
        }
    }
}
