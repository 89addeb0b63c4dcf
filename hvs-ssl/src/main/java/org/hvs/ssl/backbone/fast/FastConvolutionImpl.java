package org.hvs.ssl.backbone.fast;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The runtime layer of {@link FastConvolution}: NHWC {@code conv2d} forward and {@code conv2d_bp}
 * backward on DL4J's {@code [out, in, kH, kW]} weights (native weight format 1), writing the weight
 * gradient straight into the network's flat gradient view. Output: an NCHW view of an NHWC buffer.
 */
class FastConvolutionImpl extends ConvolutionLayer {

    /** Native weight format: [oC, iC, kH, kW], DL4J's layout. */
    private static final int WEIGHTS_OIYX = 1;
    /** Native data format flag: 1 = NHWC. */
    private static final int DATA_NHWC = 1;

    private INDArray cachedInputRef;
    private INDArray cachedInputNhwc;
    private final Scratch gradInBuffer = new Scratch();
    private final Scratch outBuffer = new Scratch();

    FastConvolutionImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private int[] intArgs() {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        return new int[]{k[0], k[1], s[0], s[1], 0, 0, 1, 1, 1, DATA_NHWC, WEIGHTS_OIYX};
    }

    /**
     * The NHWC form of the input: recomputed by every forward (a caller may refill the same input array
     * between calls), reused by the backward pass that follows it when the input is still the same array.
     */
    private INDArray inputNhwc(boolean forward) {
        if (forward || cachedInputRef != input) {
            cachedInputNhwc = Nhwc.of(input);
            cachedInputRef = input;
        }
        return cachedInputNhwc;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        long nIn = layerConf().getNIn();
        if (input.rank() != 4 || input.size(1) != nIn) {
            throw new IllegalArgumentException("layer " + layerId() + " expects NCHW input with " + nIn
                    + " channels, got shape " + Arrays.toString(input.shape()));
        }
        INDArray x = inputNhwc(true);
        INDArray w = getParam(ConvolutionParamInitializer.WEIGHT_KEY);
        int[] s = layerConf().getStride();
        long outH = (x.size(1) + s[0] - 1) / s[0];
        long outW = (x.size(2) + s[1] - 1) / s[1];
        INDArray out = outBuffer.output(training, workspaceMgr, x.dataType(), x.size(0), outH, outW,
                layerConf().getNOut());
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w.castTo(x.dataType())).addOutputs(out)
                .addIntegerArguments(intArgs()).build());
        return Nhwc.asNchw(out);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = inputNhwc(false);
        INDArray g = Nhwc.of(epsilon);
        INDArray w = getParam(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray gradW = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray gradIn = gradInBuffer.get(x.dataType(), x.shape());
        boolean sameType = gradW.dataType() == x.dataType() && w.dataType() == x.dataType();
        INDArray gw = sameType ? gradW : Nd4j.createUninitialized(x.dataType(), gradW.shape());
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w.castTo(x.dataType()), g.castTo(x.dataType()))
                .addOutputs(gradIn, gw).addIntegerArguments(intArgs()).build());
        if (!sameType) {
            gradW.assign(gw);
        }
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, gradW);
        return new Pair<>(gradient, workspaceMgr.leverageTo(
                ArrayType.ACTIVATION_GRAD, Nhwc.asNchw(gradIn)));
    }

    @Override
    public void clear() {
        super.clear();
        cachedInputRef = null;
        cachedInputNhwc = null;
    }
}
