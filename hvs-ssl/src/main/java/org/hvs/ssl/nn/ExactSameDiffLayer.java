package org.hvs.ssl.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * Base class for this library's DL4J {@link SameDiffLayer}s: the layer is instantiated with
 * {@link HalvedErrorLayer}, which corrects DL4J 1.0.0-M2.1's doubled SameDiff-layer gradients and
 * keeps one SameDiff graph per input shape. Subclasses write {@code defineParameters},
 * {@code initializeParameters} and {@code defineLayer} as for any SameDiff layer.
 *
 * <pre>{@code
 * public class MyLayer extends ExactSameDiffLayer {
 *     public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
 *         return x.mmul(p.get("W"));
 *     }
 *     ...
 * }
 * }</pre>
 */
public abstract class ExactSameDiffLayer extends SameDiffLayer {

    @SuppressWarnings({"rawtypes", "unchecked"})
    protected ExactSameDiffLayer(SameDiffLayer.Builder builder) {
        super(builder);
    }

    /** For JSON deserialisation of saved configurations. */
    protected ExactSameDiffLayer() {
    }

    /** Instantiates the layer as {@link SameDiffLayer} does, with {@link HalvedErrorLayer} as the implementation. */
    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        HalvedErrorLayer layer = new HalvedErrorLayer(conf, networkDataType);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(paramTable);
        layer.setConf(conf);
        return layer;
    }
}
