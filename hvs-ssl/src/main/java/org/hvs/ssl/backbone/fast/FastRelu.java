package org.hvs.ssl.backbone.fast;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * A DL4J ReLU {@link ActivationLayer} configuration whose runtime layer keeps the NHWC buffer of the
 * fast layers around it (DL4J's own activation layer copies into NCHW). {@code y = max(x, 0)}.
 *
 * <pre>{@code
 * g.addLayer("c1_relu", FastLayers.relu(), "c1_bn");
 * }</pre>
 */
public class FastRelu extends ActivationLayer {

    /** For JSON deserialisation and {@link FastLayers#relu}; use the factory. */
    public FastRelu() {
        super();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        if (!(getActivationFn() instanceof ActivationReLU)) {
            throw new IllegalArgumentException("FastRelu " + getLayerName() + " supports only ReLU, got " + getActivationFn());
        }
        FastReluImpl ret = new FastReluImpl(conf, networkDataType);
        ret.setListeners(listeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        ret.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        ret.setConf(conf);
        return ret;
    }
}
