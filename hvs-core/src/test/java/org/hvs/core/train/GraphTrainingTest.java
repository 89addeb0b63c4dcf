package org.hvs.core.train;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.hvs.core.testing.TinyNets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphTrainingTest {

    /** Backbone + two heads where output "z" also feeds "p" (the SimSiam shape). */
    static ComputationGraph twoHeaded() {
        ComputationGraph bb = TinyNets.convBackbone(3, 8, 6, 7);
        return new TransferLearning.GraphBuilder(bb)
                .fineTuneConfiguration(Optimizer.adamW(1e-2, 0).fineTune(7))
                .addLayer("z", new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.IDENTITY).build(), "features")
                .addLayer("pbn", new BatchNormalization.Builder().nOut(5).build(), "z")
                .addLayer("p", new DenseLayer.Builder().nIn(5).nOut(5).activation(Activation.IDENTITY).build(), "pbn")
                .setOutputs("z", "p")
                .build();
    }

    @Test
    void dl4jCutsTheGradientAtAnOutputThatFeedsAnotherVertexAndRequireLeafOutputsSaysSo() {
        Nd4j.getRandom().setSeed(3);
        ComputationGraph g = twoHeaded();
        INDArray[] out = GraphTraining.forward(g, Nd4j.rand(DataType.FLOAT, 8, 3, 8, 8));
        // an error on p alone: its gradient stops at the output z, whose own (zero) epsilon replaces it
        var grad = GraphTraining.backward(g, new INDArray[] {Nd4j.zerosLike(out[0]), Nd4j.onesLike(out[1])});
        assertTrue(grad.getGradientFor("p_W").norm2Number().doubleValue() > 0, "p trains");
        assertEquals(0.0, grad.getGradientFor("z_W").norm2Number().doubleValue(), 0.0,
                "DL4J M2.1 passes no gradient from p through the output z (if this fails, DL4J changed)");
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> GraphTraining.requireLeafOutputs(g));
        assertTrue(e.getMessage().contains("output 'z' also feeds [pbn]"), e.getMessage());
        GraphTraining.requireLeafOutputs(TinyNets.convBackbone(3, 8, 6, 7));
    }

    @Test
    void externalLossTrainingReducesLossThroughAnOutputThatFeedsAnotherOutput() {
        Nd4j.getRandom().setSeed(3);
        ComputationGraph g = twoHeaded();
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 3, 8, 8);
        INDArray tz = Nd4j.rand(DataType.FLOAT, 8, 5);
        INDArray tp = Nd4j.rand(DataType.FLOAT, 8, 5);
        double first = 0, last = 0;
        for (int step = 0; step < 40; step++) {
            INDArray[] out = GraphTraining.forward(g, x);
            assertEquals(2, out.length);
            INDArray dz = out[0].sub(tz);
            INDArray dp = out[1].sub(tp);
            double loss = (dz.mul(dz).sumNumber().doubleValue() + dp.mul(dp).sumNumber().doubleValue()) / (2 * 8);
            if (step == 0) {
                first = loss;
            }
            last = loss;
            GraphTraining.backwardAndUpdate(g, new INDArray[] {dz.div(8), dp.div(8)}, step, 0, 1e-2);
        }
        assertTrue(last < 0.5 * first, "loss should fall: first " + first + ", last " + last);
    }

    @Test
    void trainModeInferenceLeavesParametersUnchanged() {
        ComputationGraph g = twoHeaded();
        INDArray before = g.params().dup();
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 3, 8, 8).muli(5);
        INDArray[] out = GraphTraining.inference(g, x, true);
        assertEquals(16, out[0].size(0));
        assertArrayEquals(before.toFloatVector(), g.params().toFloatVector());
    }

    @Test
    void setLearningRateChangesTheStepSize() {
        ComputationGraph a = twoHeaded();
        ComputationGraph b = twoHeaded();
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 8, 8);
        INDArray p0 = a.getParam("p_W").dup();
        for (ComputationGraph g : new ComputationGraph[] {a, b}) {
            INDArray[] out = GraphTraining.forward(g, x);
            GraphTraining.backwardAndUpdate(g, new INDArray[] {out[0].dup(), out[1].dup()}, 0, 0, g == a ? 1e-3 : 1e-2);
        }
        double da = a.getParam("p_W").sub(p0).norm2Number().doubleValue();
        double db = b.getParam("p_W").sub(p0).norm2Number().doubleValue();
        // Adam's first step moves each weight by about lr, so 10x the rate moves ~10x as far
        assertEquals(10.0, db / da, 1.5);
    }

    @Test
    void weightDecayTakesWhatDinoRegularisesAndSparesBiasesAndNorms() {
        // DINO/iBOT get_params_groups: all but biases and 1-D tensors, so the ViT's tokens too
        for (String key : new String[] {"conv_W", "block0_qkvW", "head_V", "tokens_cls", "tokens_pos", "tokens_maskToken"}) {
            assertTrue(GraphTraining.isDecayed(key), key);
        }
        for (String key : new String[] {"conv_b", "bn_gamma", "bn_beta", "bn_mean", "block0_norm1Gamma", "head_g"}) {
            assertFalse(GraphTraining.isDecayed(key), key);
        }
    }
}
