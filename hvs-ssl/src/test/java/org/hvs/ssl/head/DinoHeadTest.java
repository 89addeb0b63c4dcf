package org.hvs.ssl.head;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.hvs.ssl.backbone.InferenceWorkspaces;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DinoHeadTest {
    private static final int IN = 4;
    private static DataType savedType;
    private static DataType savedFloatType;

    @BeforeAll
    static void doublePrecision() {
        savedType = Nd4j.dataType();
        savedFloatType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(savedType, savedFloatType);
    }

    private static DinoHead smallHead(int nLayers, boolean normLast) {
        return smallHead(nLayers, normLast, false);
    }

    private static DinoHead smallHead(int nLayers, boolean normLast, boolean useBn) {
        return DinoHead.builder().inDim(IN).hiddenDim(6).bottleneckDim(3).outDim(5).nLayers(nLayers)
                .normLastLayer(normLast).useBn(useBn).build();
    }

    /** input [B, 4] -> head, built from scratch. */
    private static ComputationGraph scratchGraph(DinoHead head) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.DOUBLE).updater(new NoOp())
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(IN));
        String out = head.add(g, "head", "in");
        ComputationGraph net = new ComputationGraph(g.setOutputs(out).build());
        net.init();
        return net;
    }

    /** GELU's sigmoid approximation x * sigmoid(1.702 x) (ND4J's ActivationGELU(false)). */
    private static INDArray geluSigmoid(INDArray x) {
        return x.mul(Transforms.sigmoid(x.mul(1.702)));
    }

    @Test
    void inferenceInWorkspacesMatchesThePlainForward() {
        for (boolean useBn : new boolean[] {true, false}) {
            ComputationGraph net = scratchGraph(smallHead(3, true, useBn));
            Nd4j.getRandom().setSeed(9);
            InferenceWorkspaces.assertMatchesPlainForward(net, Nd4j.rand(DataType.DOUBLE, 6, IN).subi(0.5));
        }
    }

    @Test
    void forwardEqualsHandComputation() {
        DinoHead head = smallHead(2, true);
        ComputationGraph net = scratchGraph(head);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, IN).subi(0.5);
        INDArray y = net.outputSingle(x);
        assertArrayEquals(new long[] {3, 5}, y.shape());

        INDArray h = geluSigmoid(x.mmul(net.getLayer("head_fc0").getParam("W")).addiRowVector(
                net.getLayer("head_fc0").getParam("b")));
        INDArray z = h.mmul(net.getLayer("head_bottleneck").getParam("W"))
                .addiRowVector(net.getLayer("head_bottleneck").getParam("b"));
        INDArray v = net.getLayer("head").getParam(WeightNormLinear.V);
        double[][] expected = new double[3][5];
        for (int b = 0; b < 3; b++) {
            double zn = 0;
            for (int i = 0; i < 3; i++) {
                zn += z.getDouble(b, i) * z.getDouble(b, i);
            }
            for (int k = 0; k < 5; k++) {
                double vn = 0;
                double dot = 0;
                for (int i = 0; i < 3; i++) {
                    vn += v.getDouble(i, k) * v.getDouble(i, k);
                    dot += z.getDouble(b, i) * v.getDouble(i, k);
                }
                expected[b][k] = dot / Math.sqrt(zn) / Math.sqrt(vn);
            }
        }
        for (int b = 0; b < 3; b++) {
            assertArrayEquals(expected[b], y.getRow(b).toDoubleVector(), 1e-10);
            for (int k = 0; k < 5; k++) {
                assertTrue(Math.abs(y.getDouble(b, k)) <= 1 + 1e-12, "a cosine");
            }
        }
    }

    @Test
    void learnedScaleMultipliesTheOutput() {
        ComputationGraph net = scratchGraph(smallHead(1, false));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, IN);
        INDArray before = net.outputSingle(x);
        INDArray g = net.getLayer("head").getParam(WeightNormLinear.G);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1}, g.toDoubleVector(), 0, "g starts at 1");
        g.assign(Nd4j.createFromArray(new double[][] {{1, 2, 3, 4, 5}}));
        INDArray after = net.outputSingle(x);
        for (int k = 0; k < 5; k++) {
            assertEquals(before.getDouble(1, k) * (k + 1), after.getDouble(1, k), 1e-12);
        }
        Map<String, INDArray> p = net.getLayer("head").paramTable();
        INDArray norms = WeightNormLinear.effectiveWeight(p).norm2(0);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, norms.toDoubleVector(), 1e-12);
    }

    @Test
    void fixedScaleHasUnitColumnsAndNoScaleParameter() {
        ComputationGraph net = scratchGraph(smallHead(3, true));
        Map<String, INDArray> p = net.getLayer("head").paramTable();
        assertEquals(1, p.size(), "only V is a parameter: " + p.keySet());
        assertEquals(3 * 5, net.getLayer("head").numParams());
        net.getLayer("head").getParam(WeightNormLinear.V).muli(7.5);
        INDArray norms = WeightNormLinear.effectiveWeight(p).norm2(0);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1}, norms.toDoubleVector(), 1e-12);
        ComputationGraph learned = scratchGraph(smallHead(3, false));
        assertEquals(3 * 5 + 5, learned.getLayer("head").numParams());
        // 3 linear layers: in->hidden, hidden->hidden, hidden->bottleneck
        assertEquals((4 * 6 + 6) + (6 * 6 + 6) + (6 * 3 + 3) + 15, net.numParams());
    }

    @ParameterizedTest
    @CsvSource({"true,false", "false,false", "true,true"})
    void gradientCheckPassesOnTransferLearningGraph(boolean normLastLayer, boolean useBn) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.DOUBLE).updater(new NoOp())
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(3))
                .addLayer("features", new DenseLayer.Builder().nIn(3).nOut(IN).activation(Activation.TANH).build(), "in")
                .setOutputs("features").build();
        ComputationGraph base = new ComputationGraph(conf);
        base.init();
        TransferLearning.GraphBuilder tb = new TransferLearning.GraphBuilder(base)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new NoOp()).seed(3L).build());
        String out = smallHead(2, normLastLayer, useBn).add(tb, "head", "features");
        tb.addLayer("loss", new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                .build(), out);
        // TransferLearning in DL4J M2.1 builds the new graph in FLOAT whatever the base graph's type
        ComputationGraph net = tb.setOutputs("loss").build().convertDataType(DataType.DOUBLE);
        assertEquals(DataType.DOUBLE, net.params().dataType());
        // bigger weights than DINO's init (std 0.02) so every gradient is well above round-off
        net.params().assign(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.5).muli(2));
        if (useBn) {
            assertTrue(net.getConfiguration().getVertices().containsKey("head_bn0"), "BN after the hidden layer");
        }
        int batch = useBn ? 4 : 2;
        INDArray x = Nd4j.rand(DataType.DOUBLE, batch, 3).subi(0.5);
        INDArray labels = Nd4j.rand(DataType.DOUBLE, batch, 5).subi(0.5);
        assertArrayEquals(new long[] {batch, 5}, net.outputSingle(x).shape());
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {labels})
                // BN's running mean and variance are state, not parameters of the loss
                .excludeParams(java.util.Set.of("head_bn0_mean", "head_bn0_var", "head_bn0_log10stdev"))
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-10));
        assertTrue(ok, "gradient check");
    }

    /**
     * The path the trainer uses (an external error into {@code backpropGradient}) gives the exact
     * gradient of {@code sum(eps * y)}: guards the workaround for DL4J M2.1's doubled SameDiff gradients.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void externalErrorGradientMatchesFiniteDifferences(boolean fixedScale) {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(9)
                .dataType(DataType.DOUBLE).updater(new NoOp())
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(3))
                .addLayer("wn", new WeightNormLinear.Builder().nOut(4).fixedScale(fixedScale).build(), "in")
                .setOutputs("wn").build());
        net.init();
        if (!fixedScale) {
            net.getLayer("wn").getParam(WeightNormLinear.G).assign(Nd4j.createFromArray(new double[][] {{1, -2, 0.5, 3}}));
        }
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3).subi(0.5);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 2, 4).subi(0.5);
        net.feedForward(new INDArray[] {x}, true, false);
        INDArray analytic = net.backpropGradient(eps).gradient().dup();
        INDArray params = net.params();
        assertEquals(params.length(), analytic.length());
        double h = 1e-6;
        for (int i = 0; i < params.length(); i++) {
            double orig = params.getDouble(i);
            params.putScalar(i, orig + h);
            double plus = net.outputSingle(x).mul(eps).sumNumber().doubleValue();
            params.putScalar(i, orig - h);
            double minus = net.outputSingle(x).mul(eps).sumNumber().doubleValue();
            params.putScalar(i, orig);
            double numeric = (plus - minus) / (2 * h);
            assertEquals(numeric, analytic.getDouble(i), 1e-7 + 1e-5 * Math.abs(numeric), "param " + i);
        }
    }

    @Test
    void configurationSurvivesJsonAndClone() {
        ComputationGraph net = scratchGraph(smallHead(2, true));
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson());
        ComputationGraph restored = new ComputationGraph(back);
        restored.init(net.params().dup(), false);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, IN);
        assertTrue(net.outputSingle(x).equalsWithEps(restored.outputSingle(x), 1e-12));
        ComputationGraph copy = net.clone();
        assertTrue(net.outputSingle(x).equalsWithEps(copy.outputSingle(x), 1e-12));
        assertFalse(copy.params() == net.params());
    }

    @Test
    void builderValidation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DinoHead.builder().inDim(4).outDim(0).build());
        assertTrue(e.getMessage().contains("outDim must be > 0, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DinoHead.builder().outDim(4).build());
        assertTrue(e.getMessage().contains("inDim must be > 0, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DinoHead.builder().inDim(4).outDim(4).nLayers(0).build());
        assertTrue(e.getMessage().contains("nLayers must be > 0, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DinoHead.builder().inDim(4).outDim(4).hiddenDim(-3).build());
        assertTrue(e.getMessage().contains("hiddenDim must be > 0, got -3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DinoHead.builder().inDim(4).outDim(4).bottleneckDim(0).build());
        assertTrue(e.getMessage().contains("bottleneckDim must be > 0, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WeightNormLinear.Builder().nIn(3).nOut(0).build());
        assertTrue(e.getMessage().contains("nOut must be > 0, got 0"), e.getMessage());
        DinoHead d = DinoHead.builder().inDim(8).outDim(16).build();
        assertEquals(2048, d.hiddenDim());
        assertEquals(256, d.bottleneckDim());
        assertEquals(3, d.nLayers());
        assertTrue(d.normLastLayer());
    }
}
