package org.hvs.ssl.method;

import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.hvs.core.method.Backbone;
import org.hvs.ssl.head.MlpHead;
import org.hvs.ssl.loss.NegativeCosineLoss;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * SimSiam (Chen and He, "Exploring Simple Siamese Representation Learning", CVPR 2021): a projector
 * (Linear-BN-ReLU hidden layers, Linear-BN output) and a predictor (Linear-BN-ReLU, Linear) on the
 * backbone; loss -(cos(p1, sg(z2)) + cos(p2, sg(z1))) / 2. HVS scores every pair of candidate views
 * with the same per-sample term.
 *
 * <pre>{@code
 * SimSiam m = SimSiam.builder().backbone(Backbone.of(graph, 3, 32, 32)).projectorDim(256).build();
 * }</pre>
 */
public final class SimSiam extends SiameseMethod {
    private static final String Z_OUT = "z_out";
    private final int projectorHidden;
    private final int projectorDim;
    private final int predictorHidden;
    private final NegativeCosineLoss loss = new NegativeCosineLoss();

    private SimSiam(Builder b) {
        super(b.backbone, b.selectionTrainMode);
        this.projectorHidden = b.projectorHidden;
        this.projectorDim = b.projectorDim;
        this.predictorHidden = b.predictorHidden;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "simsiam";
    }

    @Override
    void addHeads(TransferLearning.GraphBuilder g, String features, long featureDim) {
        String z = MlpHead.add(g, "z", features, featureDim, new int[] {projectorHidden}, projectorDim,
                MlpHead.LastNorm.FIXED_BN);
        String p = MlpHead.add(g, "p", z, projectorDim, new int[] {predictorHidden}, projectorDim, MlpHead.LastNorm.NONE);
        // DL4J backpropagates into an output vertex only its external error, never the errors of the
        // vertices it feeds: exposing "z" itself as an output would cut the predictor's gradient off
        // from the projector and the backbone. An identity vertex after z is the output instead.
        g.addVertex(Z_OUT, new ScaleVertex(1.0), z);
        g.setOutputs(Z_OUT, p);
    }

    @Override
    LossAndGradient loss(INDArray[] outputs, int b) {
        INDArray[] z = halves(outputs[0], b);
        INDArray[] p = halves(outputs[1], b);
        NegativeCosineLoss.Result r = loss.compute(p[0], z[0], p[1], z[1]);
        // stop-gradient: no error flows into z directly, only through the predictor
        INDArray epsZ = Nd4j.zerosLike(outputs[0]);
        INDArray epsP = Nd4j.concat(0, r.gradP1(), r.gradP2());
        return new LossAndGradient(r.loss(), new INDArray[] {epsZ, epsP},
                java.util.Map.of("z_std", normalizedStd(outputs[0])));
    }

    @Override
    INDArray pairScores(INDArray[] outputs, int numViews, List<int[]> pairs) {
        return loss.pairScores(outputs[1], outputs[0], numViews, pairs);
    }

    /** Builder: {@code backbone} is required; head sizes default to 256/256/64. */
    public static final class Builder {
        private Backbone backbone;
        private int projectorHidden = 256;
        private int projectorDim = 256;
        private int predictorHidden = 64;
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

        public Builder predictorHidden(int d) {
            this.predictorHidden = d;
            return this;
        }

        /** Batch statistics (true, the paper's code) or running averages (false) in the selection forward. */
        public Builder selectionTrainMode(boolean t) {
            this.selectionTrainMode = t;
            return this;
        }

        public SimSiam build() {
            java.util.Objects.requireNonNull(backbone, "backbone");
            for (int d : new int[] {projectorHidden, projectorDim, predictorHidden}) {
                if (d <= 0) {
                    throw new IllegalArgumentException("head sizes must be > 0, got " + d);
                }
            }
            return new SimSiam(this);
        }
    }
}
