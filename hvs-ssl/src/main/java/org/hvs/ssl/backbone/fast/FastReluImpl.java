package org.hvs.ssl.backbone.fast;

import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The runtime layer of {@link FastRelu}: {@code max(x, 0)} forward and native {@code relu_bp} backward on
 * the NHWC buffer. Output: an NCHW view of an NHWC buffer.
 */
class FastReluImpl extends ActivationLayer {

    private INDArray out; // NHWC output of the last forward
    private final Scratch gradInBuffer = new Scratch();

    FastReluImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (input.rank() != 4) {
            out = null;
            return relu(input, workspaceMgr);
        }
        out = relu(Nhwc.of(input), workspaceMgr);
        return Nhwc.asNchw(out);
    }

    /** max(x, 0) into a new C-order array of the activations workspace (when one is open). */
    private static INDArray relu(INDArray x, LayerWorkspaceMgr workspaceMgr) {
        INDArray y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
        Nd4j.getExecutioner().exec(new RectifiedLinear(x, y, 0.0));
        return y;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (input.rank() != 4) {
            INDArray mask = Transforms.relu(input, true).gt(0).castTo(epsilon.dataType());
            return new Pair<>(new DefaultGradient(), epsilon.mul(mask));
        }
        if (out == null) {
            out = Transforms.relu(Nhwc.of(input), true);
        }
        INDArray g = Nhwc.of(epsilon).castTo(out.dataType());
        INDArray gradIn = gradInBuffer.get(out.dataType(), out.shape());
        // relu_bp(x, dL/dy) with cutoff 0: dL/dx = dL/dy where x > 0; max(x,0) > 0 exactly where x > 0
        Nd4j.exec(DynamicCustomOp.builder("relu_bp").addInputs(out, g).addOutputs(gradIn)
                .addFloatingPointArguments(0.0).build());
        return new Pair<>(new DefaultGradient(), Nhwc.asNchw(gradIn));
    }

    @Override
    public void clear() {
        super.clear();
        out = null;
        gradInBuffer.clear();
    }
}
