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
 * Base class for this library's DL4J {@link SameDiffLayer}s. Subclasses write
 * {@code defineParameters}, {@code initializeParameters} and {@code defineLayer} as for any SameDiff
 * layer. A subclass that also returns a hand-written {@link ManualLayer} from {@link #manual()} runs
 * that ({@link ManualLayerRuntime}); its {@code defineLayer} remains the reference definition the
 * tests compare it with. Otherwise the layer runs its SameDiff graph in {@link HalvedErrorLayer},
 * which corrects DL4J 1.0.0-M2.1's doubled SameDiff-layer gradients and keeps one SameDiff graph per
 * input shape.
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

    /**
     * The hand-written forward and backward pass of this layer, or {@code null} (the default) to run
     * the SameDiff graph of {@code defineLayer}.
     */
    public ManualLayer manual() {
        return null;
    }

    /**
     * Instantiates the layer as {@link SameDiffLayer} does, with {@link ManualLayerRuntime} as the
     * implementation where {@link #manual()} gives one, else {@link HalvedErrorLayer}.
     */
    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        ManualLayer math = manual();
        org.deeplearning4j.nn.layers.samediff.SameDiffLayer layer = math != null
                ? new ManualLayerRuntime(conf, networkDataType, math) : new HalvedErrorLayer(conf, networkDataType);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(paramTable);
        layer.setConf(conf);
        return layer;
    }
}
