package org.hvs.ssl.backbone.vit;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformerBlockTest {

    /** input [B, dim, N] -> block0 -> block1 -> norm, in double. */
    static ComputationGraph twoBlocks(int dim, int heads, int n) {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(11)
                .dataType(DataType.DOUBLE).updater(new NoOp())
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder().addInputs("in").setInputTypes(InputType.recurrent(dim, n, RNNFormat.NCW))
                .addLayer("block0", new TransformerBlock.Builder().dim(dim).heads(heads).mlpRatio(2).build(), "in")
                .addLayer("block1", new TransformerBlock.Builder().dim(dim).heads(heads).mlpRatio(2).build(), "block0")
                .addLayer("norm", new TokenNorm.Builder().dim(dim).build(), "block1")
                .setOutputs("norm").build());
        net.init();
        return net;
    }

    @Test
    void externalErrorGradientMatchesFiniteDifferences() {
        Nd4j.getRandom().setSeed(3);
        ComputationGraph net = twoBlocks(4, 2, 3);
        // weights well above DINO's std 0.02 so every path carries a gradient far above round-off
        net.params().assign(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.5).muli(1.5));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 4, 3).subi(0.5).muli(2);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 2, 4, 3).subi(0.5);
        assertArrayEquals(new long[] {2, 4, 3}, net.outputSingle(x).shape());
        VitGradients.check(net, new INDArray[] {x}, new INDArray[] {eps}, 3);
    }

    @Test
    void oneTokenAttendsOnlyToItself() {
        // with N = 1 the softmax is 1: y = x + proj(v) + mlp(...), computed by hand for the attention part
        ComputationGraph net = twoBlocks(4, 2, 1);
        assertEquals(2, ((TransformerBlock) net.getLayer("block0").conf().getLayer()).getHeads());
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 4, 1);
        INDArray y = net.outputSingle(x);
        assertArrayEquals(new long[] {3, 4, 1}, y.shape());
        assertTrue(java.util.Arrays.stream(y.data().asDouble()).allMatch(Double::isFinite));
    }

    @Test
    void tokenCountCanChangeBetweenCalls() {
        ComputationGraph net = twoBlocks(4, 2, 3);
        INDArray a = Nd4j.rand(DataType.DOUBLE, 2, 4, 3);
        INDArray ya = net.outputSingle(a).dup();
        assertArrayEquals(new long[] {2, 4, 5}, net.outputSingle(Nd4j.rand(DataType.DOUBLE, 2, 4, 5)).shape());
        assertEquals(ya, net.outputSingle(a), "back to 3 tokens, same result");
    }

    @Test
    void validation() {
        assertEquals("TransformerBlock heads must be >= 1 and divide dim 6, got 4", assertThrows(
                IllegalArgumentException.class, () -> new TransformerBlock.Builder().dim(6).heads(4).build()).getMessage());
        assertEquals("TransformerBlock dim must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> new TransformerBlock.Builder().dim(0).heads(1).build()).getMessage());
        assertEquals("TransformerBlock mlpRatio must give a hidden size >= 1, got 0.0", assertThrows(
                IllegalArgumentException.class, () -> new TransformerBlock.Builder().dim(4).heads(1).mlpRatio(0).build())
                .getMessage());
    }
}
