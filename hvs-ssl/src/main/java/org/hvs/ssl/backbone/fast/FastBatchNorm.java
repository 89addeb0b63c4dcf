package org.hvs.ssl.backbone.fast;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * A DL4J {@link BatchNormalization} configuration (Ioffe and Szegedy, 2015) whose runtime layer runs
 * ND4J's native {@code batchnorm} over the channel axis of an NHWC buffer, with batch statistics and the
 * backward pass's per-channel sums as BLAS matrix-vector products.
 * Parameters ({@code gamma, beta, mean, log10stdev}), their initialisation and the running-statistics
 * rule are DL4J's: a train-mode forward uses batch statistics and leaves the parameters alone; the
 * backward pass returns as "gradients" of {@code mean} and {@code log10stdev} the change that, subtracted
 * by the (pass-through) updater, gives {@code mean <- decay*mean + (1-decay)*batchMean} and
 * {@code std^2 <- decay*std^2 + (1-decay)*batchVar}. Inference mode normalises with the running values.
 * Supported: 4-d NCHW input, learned gamma/beta, log10 std (DL4J's default).
 *
 * <pre>{@code
 * g.addLayer("c1_bn", FastLayers.batchNorm(), "c1_conv");
 * }</pre>
 */
public class FastBatchNorm extends BatchNormalization {

    /** For JSON deserialisation and {@link FastLayers#batchNorm}; use the factory. */
    public FastBatchNorm() {
        super();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        String name = getLayerName();
        if (!isUseLogStd()) {
            throw new IllegalArgumentException("FastBatchNorm " + name + " needs useLogStd=true, got false");
        }
        if (isLockGammaBeta()) {
            throw new IllegalArgumentException("FastBatchNorm " + name + " needs learned gamma/beta, got lockGammaBeta=true");
        }
        if (getCnn2DFormat() != CNN2DFormat.NCHW) {
            throw new IllegalArgumentException("FastBatchNorm " + name + " needs NCHW at its boundary, got " + getCnn2DFormat());
        }
        FastBatchNormImpl ret = new FastBatchNormImpl(conf, networkDataType);
        ret.setListeners(listeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }
}
