package org.hvs.ssl.head;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heads with batch norm really are non-linear. DL4J 1.0.0-M2.1's {@code BatchNormalization}
 * ignores an activation set on the layer, so a "Linear -> BN(ReLU)" head built that way is affine in
 * inference mode; these tests fail for such a head.
 */
class HeadNonlinearityTest {
    private static final int IN = 6;

    private static TransferLearning.GraphBuilder base() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(IN))
                .addLayer("features", new DenseLayer.Builder().nOut(IN).activation(Activation.IDENTITY).build(), "in")
                .setOutputs("features").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return new TransferLearning.GraphBuilder(g)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new NoOp()).seed(5L).build());
    }

    /**
     * {@code max |f(a) + f(b) - 2 f((a + b) / 2)|} in inference mode, relative to the output scale:
     * 0 (up to round-off) for an affine map.
     */
    private static double affineDefect(ComputationGraph net, String vertex) {
        Nd4j.getRandom().setSeed(11);
        INDArray a = Nd4j.randn(DataType.FLOAT, 64, IN);
        INDArray b = Nd4j.randn(DataType.FLOAT, 64, IN);
        // one training-mode pass so the running statistics are those of real data, not the init
        net.feedForward(Nd4j.concat(0, a, b), true);
        Function<INDArray, INDArray> f = x -> net.feedForward(x, false).get(vertex);
        INDArray fa = f.apply(a);
        INDArray fb = f.apply(b);
        INDArray fm = f.apply(a.add(b).divi(2));
        double defect = fa.add(fb).subi(fm.mul(2)).amaxNumber().doubleValue();
        return defect / Math.max(1e-12, fa.amaxNumber().doubleValue());
    }

    @Test
    void mlpHeadWithBatchNormIsNonLinear() {
        TransferLearning.GraphBuilder g = base();
        String out = MlpHead.add(g, "proj", "features", IN, new int[] {32}, 8, MlpHead.LastNorm.FIXED_BN);
        ComputationGraph net = g.setOutputs(out).build();
        double defect = affineDefect(net, out);
        assertTrue(defect > 0.05, "projector behaves as an affine map (defect " + defect + "): the ReLU is missing");
        INDArray hidden = net.feedForward(Nd4j.randn(DataType.FLOAT, 16, IN), false).get("proj_relu0");
        assertTrue(hidden.minNumber().doubleValue() >= 0, "hidden activations after the ReLU must be >= 0");
    }

    @Test
    void dinoHeadWithBatchNormIsNonLinear() {
        TransferLearning.GraphBuilder g = base();
        String out = DinoHead.builder().inDim(IN).hiddenDim(32).bottleneckDim(8).outDim(16).nLayers(3)
                .useBn(true).build().add(g, "head", "features");
        ComputationGraph net = g.setOutputs(out).build();
        // the last layer normalises its input, so compare the bottleneck (before the L2 normalisation)
        double defect = affineDefect(net, DinoHead.bottleneckName("head"));
        assertTrue(defect > 0.05, "DINO head behaves as an affine map (defect " + defect + "): the GELU is missing");
    }

    @Test
    void affineDefectIsZeroForAnAffineHead() {
        // the measure itself: a head without hidden layers is affine, and must read as such
        TransferLearning.GraphBuilder g = base();
        String out = MlpHead.add(g, "lin", "features", IN, new int[0], 8, MlpHead.LastNorm.BN);
        double defect = affineDefect(g.setOutputs(out).build(), out);
        assertTrue(defect < 1e-4, "an affine head measured as non-linear: " + defect);
    }
}
