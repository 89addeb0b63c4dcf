package org.hvs.ssl.backbone.fast;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * A DL4J {@link ConvolutionLayer} configuration whose runtime layer calls ND4J's native
 * {@code conv2d}/{@code conv2d_bp} in NHWC (oneDNN on the oneDNN CPU build). Parameters, their names
 * ({@code W}), shape {@code [out, in, k, k]} and initialisation are DL4J's. Supported: 'same' mode,
 * no bias, identity activation, NCHW, no dilation, no dropout or weight noise (checked at instantiation).
 *
 * <pre>{@code
 * g.addLayer("c1_conv", FastLayers.conv(3, 1, 32), "input");
 * }</pre>
 */
public class FastConvolution extends ConvolutionLayer {

    /** For JSON deserialisation and {@link FastLayers#conv}; use the factory. */
    public FastConvolution() {
        super();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FastConvolution", getLayerName(), layerIndex, getNIn(), getNOut());
        checkSupported();
        FastConvolutionImpl ret = new FastConvolutionImpl(conf, networkDataType);
        ret.setListeners(listeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }

    private void checkSupported() {
        String name = getLayerName();
        if (getConvolutionMode() != ConvolutionMode.Same) {
            throw new IllegalArgumentException("FastConvolution " + name + " needs ConvolutionMode.Same, got "
                    + getConvolutionMode());
        }
        if (hasBias()) {
            throw new IllegalArgumentException("FastConvolution " + name + " supports no bias, got hasBias=true");
        }
        if (!(getActivationFn() instanceof ActivationIdentity)) {
            throw new IllegalArgumentException("FastConvolution " + name + " supports only the identity activation, got "
                    + getActivationFn());
        }
        if (getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            throw new IllegalArgumentException("FastConvolution " + name + " needs NCHW at its boundary, got "
                    + getCnn2dDataFormat());
        }
        for (int d : getDilation()) {
            if (d != 1) {
                throw new IllegalArgumentException("FastConvolution " + name + " supports no dilation, got " + d);
            }
        }
        if (getIDropout() != null || getWeightNoise() != null) {
            throw new IllegalArgumentException("FastConvolution " + name + " supports no dropout or weight noise");
        }
    }
}
