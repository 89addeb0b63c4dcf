package org.hvs.ssl.head;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.hvs.ssl.nn.ExactSameDiffLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;
import java.util.Objects;

/**
 * DINO's last layer: an L2-normalised input times a weight-normalised linear map without bias
 * (Salimans and Kingma, "Weight Normalization", 2016; {@code DINOHead} in facebookresearch/dino
 * {@code vision_transformer.py}: {@code F.normalize(x)} then {@code weight_norm(Linear(bottleneck, K,
 * bias=False))}):
 *
 * <pre>
 *   y = (x / max(||x||_2, 1e-12)) . (V / ||V||_col) * g        V: [nIn, nOut], g: [1, nOut]
 * </pre>
 *
 * <p>Each output is then a cosine times {@code g_j}. With {@code fixedScale} (DINO's
 * {@code norm_last_layer=True}, the default) {@code g} is fixed to 1 and is NOT a parameter of the
 * layer (its only parameter is {@code V}), so no optimiser, weight decay or EMA can change it. Otherwise
 * {@code g} is a parameter initialised to 1, as DINO does ({@code weight_g.data.fill_(1)}). {@code V}
 * starts uniform in {@code ±1/sqrt(nIn)} (PyTorch's default for {@code nn.Linear}); its scale does not
 * matter since only its direction is used.
 *
 * <p>A DL4J {@link SameDiffLayer}: forward and backward come from SameDiff automatic differentiation;
 * as an {@link ExactSameDiffLayer} it carries the workaround for DL4J M2.1's doubled SameDiff gradients.
 *
 * <pre>{@code
 * graph.addLayer("dino_last", new WeightNormLinear.Builder().nIn(256).nOut(65536).fixedScale(true).build(), "bottleneck");
 * }</pre>
 */
public class WeightNormLinear extends ExactSameDiffLayer {
    /** Parameter key of the direction matrix {@code V}, {@code [nIn, nOut]}. */
    public static final String V = "V";
    /** Parameter key of the per-output scale {@code g}, {@code [1, nOut]} (absent when the scale is fixed). */
    public static final String G = "g";
    /** F.normalize's epsilon. */
    public static final double EPS = 1e-12;

    private long nIn;
    private long nOut;
    private boolean fixedScale;

    protected WeightNormLinear(Builder builder) {
        super(builder);
        this.nIn = builder.nIn;
        this.nOut = builder.nOut;
        this.fixedScale = builder.fixedScale;
    }

    /** For JSON deserialisation of saved configurations. */
    protected WeightNormLinear() {
    }

    public long getNIn() {
        return nIn;
    }

    public long getNOut() {
        return nOut;
    }

    /** True when g is fixed to 1 (DINO's {@code norm_last_layer}) and not a parameter. */
    public boolean isFixedScale() {
        return fixedScale;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(nOut);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (nIn <= 0 || override) {
            if (!(inputType instanceof InputType.InputTypeFeedForward ff)) {
                throw new IllegalArgumentException("WeightNormLinear needs a feed-forward input, got " + inputType);
            }
            this.nIn = ff.getSize();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(V, nIn, nOut);
        if (!fixedScale) {
            params.addWeightParam(G, 1, nOut);
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            if (G.equals(e.getKey())) {
                e.getValue().assign(1.0);
            } else {
                WeightInitUtil.initWeights(nIn, nOut, new long[] {nIn, nOut}, WeightInit.UNIFORM, null, 'c',
                        e.getValue());
            }
        }
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable layerInput, Map<String, SDVariable> paramTable,
                                  SDVariable mask) {
        SDVariable v = paramTable.get(V);
        SDVariable eps = sd.constant("eps", layerInput.dataType(), EPS);
        SDVariable xNorm = sd.math().max(layerInput.norm2(true, 1), eps);
        SDVariable x = layerInput.div(xNorm);
        SDVariable w = v.div(v.norm2(true, 0));
        SDVariable y = x.mmul(w);
        if (!fixedScale) {
            y = y.mul(paramTable.get(G));
        }
        return y;
    }

    /**
     * The effective weight {@code V / ||V||_col * g} of a layer's parameters (as returned by DL4J's
     * {@code layer.paramTable()}); its columns have norm {@code |g_j|}, 1 when the scale is fixed.
     */
    public static INDArray effectiveWeight(Map<String, INDArray> params) {
        INDArray v = Objects.requireNonNull(params.get(V), "parameter " + V);
        INDArray w = v.divRowVector(v.norm2(true, 0));
        INDArray g = params.get(G);
        return g == null ? w : w.muliRowVector(g);
    }

    /** Row-wise L2 normalisation {@code x / max(||x||, 1e-12)} (the layer's input step), a new array. */
    public static INDArray normalizeRows(INDArray x) {
        return x.divColumnVector(Transforms.max(x.norm2(true, 1), EPS, true));
    }

    /** Builder: {@code nOut} required, {@code nIn} set here or inferred from the input type. */
    public static class Builder extends SameDiffLayer.Builder<Builder> {
        private long nIn;
        private long nOut;
        private boolean fixedScale = true;

        public Builder nIn(long nIn) {
            this.nIn = nIn;
            return this;
        }

        public Builder nOut(long nOut) {
            this.nOut = nOut;
            return this;
        }

        /** g fixed to 1 and not a parameter (DINO's default {@code norm_last_layer=True}). */
        public Builder fixedScale(boolean fixedScale) {
            this.fixedScale = fixedScale;
            return this;
        }

        @Override
        public WeightNormLinear build() {
            if (nIn < 0) {
                throw new IllegalArgumentException("WeightNormLinear nIn must be >= 0 (0 = inferred), got " + nIn);
            }
            if (nOut <= 0) {
                throw new IllegalArgumentException("WeightNormLinear nOut must be > 0, got " + nOut);
            }
            return new WeightNormLinear(this);
        }
    }
}
