package org.hvs.ssl.backbone.fast;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The batch statistics of FastBatchNorm (products, E[x^2] - mean^2) in float, on inputs with an offset. */
class FastBatchNormStatisticsTest {

    @Test
    void trainModeOutputIsNormalisedPerChannelInFloatWithAnOffsetInput() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(8, 8, 5, CNN2DFormat.NCHW))
                .addLayer("bn", FastLayers.batchNorm(), "in").setOutputs("bn").build());
        g.init();
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, 16, 5, 8, 8).muli(0.5).addi(5.0);
        INDArray y = g.feedForward(new INDArray[]{x}, true, false).get("bn");
        INDArray mean = y.mean(0, 2, 3);
        INDArray var = y.var(false, 0, 2, 3);
        for (int c = 0; c < 5; c++) {
            assertEquals(0.0, mean.getDouble(c), 1e-4, "mean of channel " + c);
            assertEquals(1.0, var.getDouble(c), 2e-3, "variance of channel " + c);
        }
    }
}
