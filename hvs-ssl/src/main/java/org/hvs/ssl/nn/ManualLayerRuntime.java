package org.hvs.ssl.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * The runtime layer of an {@link ExactSameDiffLayer} that has a {@link ManualLayer}: DL4J's
 * SameDiff-layer bookkeeping (parameter and gradient views, laid out by the layer's
 * {@code defineParameters}) with the hand-written forward and backward pass instead of a SameDiff
 * graph. The backward pass reuses the cache of the training-mode forward pass on the same input
 * array, or runs the forward pass again; the cache is dropped after the backward pass.
 */
public class ManualLayerRuntime extends SameDiffLayer {
    private final transient ManualLayer math;
    private INDArray cachedInput;
    private Object cache;

    public ManualLayerRuntime(NeuralNetConfiguration conf, DataType dataType, ManualLayer math) {
        super(conf, dataType);
        this.math = java.util.Objects.requireNonNull(math, "math");
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        ManualLayer.Forward f = math.forward(input, paramTable, training);
        cache = training ? f.cache() : null;
        cachedInput = training ? input : null;
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, f.output());
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        Object c = cachedInput == input && cache != null ? cache : math.forward(input, paramTable, true).cache();
        cache = null;
        cachedInput = null;
        Map<String, INDArray> grads = gradTable == null ? Map.of() : gradTable;
        INDArray dIn = math.backward(c, epsilon, paramTable, grads);
        Gradient g = new DefaultGradient();
        for (String key : paramTable.keySet()) {
            g.gradientForVariable().put(key, grads.get(key));
        }
        return new Pair<>(g, workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, dIn));
    }

    @Override
    public void clear() {
        super.clear();
        cache = null;
        cachedInput = null;
    }
}
