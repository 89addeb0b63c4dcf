package org.hvs.ssl.backbone.vit;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.distribution.TruncatedNormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.deeplearning4j.nn.weights.WeightInitXavierUniform;
import org.hvs.ssl.nn.ExactSameDiffLayer;
import org.hvs.ssl.nn.ManualLayer;
import org.hvs.ssl.nn.SameDiffOps;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.Objects;

/**
 * A pre-norm transformer encoder block (Vaswani et al. 2017; the ViT and DINO/timm {@code Block}):
 *
 * <pre>
 *   x = x + proj(MSA(LN1(x)))           MSA: heads h, head size d = D / h, softmax(q k^T / sqrt(d)) v
 *   x = x + fc2(GELU(fc1(LN2(x))))      fc1: D -> mlpRatio * D, GELU in its tanh approximation
 * </pre>
 *
 * <p>Input and output are DL4J recurrent {@code [B, D, N]} (N tokens, any N). The layer runs the
 * hand-written ND4J pass of {@link BlockPass}; {@code defineLayer} is the same block in SameDiff, the
 * reference it is tested against. Linear weights are stored
 * {@code [in, out]}; the q, k, v columns of {@value #QKV_W} are {@code [q | k | v]}, each head-major,
 * as timm's {@code qkv} reshape. Initialisation as timm and DINO: linear weights truncated-normal with
 * std 0.02, biases 0, layer norms gamma 1 and beta 0 (epsilon 1e-6 as DINO); the {@code qkv} weights
 * as {@link QkvInit} says (DINO's truncated normal, or Xavier-uniform as PyTorch's
 * {@code nn.MultiheadAttention} and the original ViT). Weights are DL4J "weight"
 * parameters (keys ending in W, decayed), the rest "bias" parameters (not decayed).
 *
 * <pre>{@code
 * g.addLayer("block0", new TransformerBlock.Builder().dim(192).heads(3).build(), "tokens");
 * }</pre>
 */
public class TransformerBlock extends ExactSameDiffLayer {
    public static final String NORM1_GAMMA = "norm1Gamma";
    public static final String NORM1_BETA = "norm1Beta";
    public static final String QKV_W = "qkvW";
    public static final String QKV_BIAS = "qkvBias";
    public static final String PROJ_W = "projW";
    public static final String PROJ_BIAS = "projBias";
    public static final String NORM2_GAMMA = "norm2Gamma";
    public static final String NORM2_BETA = "norm2Beta";
    public static final String FC1_W = "fc1W";
    public static final String FC1_BIAS = "fc1Bias";
    public static final String FC2_W = "fc2W";
    public static final String FC2_BIAS = "fc2Bias";
    /** Layer-norm epsilon (DINO's and timm's ViTs use 1e-6). */
    public static final double LN_EPS = 1e-6;

    /**
     * How the {@code qkv} projection starts. The attention logits {@code q k^T / sqrt(d)} of a fresh
     * block scale with the square of this weight's spread: at DINO's std 0.02 a small ViT starts with
     * near-uniform attention (every token the mean of all), at Xavier's (std 0.072 for dim 96) it does not.
     */
    public enum QkvInit {
        /** Truncated normal, std 0.02: DINO's, iBOT's and timm's default {@code _init_weights}. */
        TRUNC_NORMAL,
        /**
         * Xavier-uniform, {@code U(-a, a)} with {@code a = sqrt(6 / (D + 3D))}: PyTorch's
         * {@code nn.MultiheadAttention} {@code in_proj_weight} and the original ViT's dense layers.
         */
        XAVIER_UNIFORM
    }

    private int dim;
    private int heads;
    private int mlpHidden;
    /** Null in configurations saved before the option existed: those were {@link QkvInit#TRUNC_NORMAL}. */
    private QkvInit qkvInit;

    protected TransformerBlock(Builder b) {
        super(b);
        this.dim = b.dim;
        this.heads = b.heads;
        this.mlpHidden = (int) Math.round(b.dim * b.mlpRatio);
        this.qkvInit = b.qkvInit;
    }

    /** For JSON deserialisation of saved configurations. */
    protected TransformerBlock() {
    }

    public int getDim() {
        return dim;
    }

    public int getHeads() {
        return heads;
    }

    public int getMlpHidden() {
        return mlpHidden;
    }

    public QkvInit getQkvInit() {
        return qkvInit == null ? QkvInit.TRUNC_NORMAL : qkvInit;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        long n = inputType instanceof InputType.InputTypeRecurrent r ? r.getTimeSeriesLength() : -1;
        return InputType.recurrent(dim, n, RNNFormat.NCW);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(QKV_W, dim, 3L * dim);
        params.addWeightParam(PROJ_W, dim, dim);
        params.addWeightParam(FC1_W, dim, mlpHidden);
        params.addWeightParam(FC2_W, mlpHidden, dim);
        params.addBiasParam(NORM1_GAMMA, 1, dim);
        params.addBiasParam(NORM1_BETA, 1, dim);
        params.addBiasParam(QKV_BIAS, 1, 3L * dim);
        params.addBiasParam(PROJ_BIAS, 1, dim);
        params.addBiasParam(NORM2_GAMMA, 1, dim);
        params.addBiasParam(NORM2_BETA, 1, dim);
        params.addBiasParam(FC1_BIAS, 1, mlpHidden);
        params.addBiasParam(FC2_BIAS, 1, dim);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        WeightInitDistribution trunc = new WeightInitDistribution(new TruncatedNormalDistribution(0, 0.02));
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            String k = e.getKey();
            INDArray p = e.getValue();
            if (k.equals(QKV_W) && getQkvInit() == QkvInit.XAVIER_UNIFORM) {
                new WeightInitXavierUniform().init(p.size(0), p.size(1), p.shape(), 'c', p);
            } else if (k.endsWith("W")) {
                trunc.init(p.size(0), p.size(1), p.shape(), 'c', p);
            } else if (k.endsWith("Gamma")) {
                p.assign(1);
            } else {
                p.assign(0);
            }
        }
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable layerInput, Map<String, SDVariable> p, SDVariable mask) {
        long[] shape = layerInput.getShape();
        if (shape[1] != dim) {
            throw new IllegalArgumentException("TransformerBlock dim " + dim + " got input of size " + shape[1]);
        }
        long n = shape[2];
        int hd = dim / heads;
        SDVariable x = layerInput.permute(0, 2, 1).reshape(-1, dim);                 // [B*N, D]

        SDVariable h = SameDiffOps.layerNorm(sd, x, p.get(NORM1_GAMMA), p.get(NORM1_BETA), 1, LN_EPS);
        SDVariable qkv = SameDiffOps.linear(h, p.get(QKV_W), p.get(QKV_BIAS))
                .reshape(-1, n, 3L * heads, hd).permute(0, 2, 1, 3);                  // [B, 3h, N, d]
        SDVariable q = headSlice(qkv, 0, n, hd);                                    // [B*h, N, d]
        SDVariable k = headSlice(qkv, 1, n, hd);
        SDVariable v = headSlice(qkv, 2, n, hd);
        SDVariable scores = sd.mmul(q, k, false, true, false).mul(1.0 / Math.sqrt(hd));  // [B*h, N, N]
        SDVariable attn = sd.nn().softmax(scores, 2);
        SDVariable o = attn.mmul(v)                                                 // [B*h, N, d]
                .reshape(-1, heads, n, hd).permute(0, 2, 1, 3).reshape(-1, dim);     // [B*N, D]
        x = x.add(SameDiffOps.linear(o, p.get(PROJ_W), p.get(PROJ_BIAS)));

        SDVariable h2 = SameDiffOps.layerNorm(sd, x, p.get(NORM2_GAMMA), p.get(NORM2_BETA), 1, LN_EPS);
        SDVariable mlp = SameDiffOps.linear(SameDiffOps.gelu(sd, SameDiffOps.linear(h2, p.get(FC1_W), p.get(FC1_BIAS))),
                p.get(FC2_W), p.get(FC2_BIAS));
        x = x.add(mlp);
        return x.reshape(-1, n, dim).permute(0, 2, 1);                              // [B, D, N]
    }

    /** The hand-written pass ({@link BlockPass}); {@link #defineLayer} is its reference. */
    @Override
    public ManualLayer manual() {
        return new BlockPass(dim, heads);
    }

    /** q (part 0), k (1) or v (2) of {@code qkv [B, 3h, N, d]} as {@code [B*h, N, d]}. */
    private SDVariable headSlice(SDVariable qkv, int part, long n, int hd) {
        return qkv.get(SDIndex.all(), SDIndex.interval((long) part * heads, (long) (part + 1) * heads), SDIndex.all(),
                SDIndex.all()).reshape(-1, n, hd);
    }

    /**
     * Builder: {@code dim} and {@code heads} required ({@code dim} divisible by {@code heads}); MLP ratio 4,
     * {@code qkv} initialisation {@link QkvInit#TRUNC_NORMAL}.
     */
    public static class Builder extends SameDiffLayer.Builder<Builder> {
        private int dim;
        private int heads;
        private double mlpRatio = 4.0;
        private QkvInit qkvInit = QkvInit.TRUNC_NORMAL;

        public Builder dim(int dim) {
            this.dim = dim;
            return this;
        }

        public Builder heads(int heads) {
            this.heads = heads;
            return this;
        }

        /** Hidden size of the MLP as a multiple of dim. Default 4. */
        public Builder mlpRatio(double mlpRatio) {
            this.mlpRatio = mlpRatio;
            return this;
        }

        /** How the {@code qkv} weights start (see {@link QkvInit}). Default {@link QkvInit#TRUNC_NORMAL}. */
        public Builder qkvInit(QkvInit qkvInit) {
            this.qkvInit = Objects.requireNonNull(qkvInit, "qkvInit");
            return this;
        }

        @Override
        public TransformerBlock build() {
            if (dim < 1) {
                throw new IllegalArgumentException("TransformerBlock dim must be >= 1, got " + dim);
            }
            if (heads < 1 || dim % heads != 0) {
                throw new IllegalArgumentException("TransformerBlock heads must be >= 1 and divide dim " + dim + ", got "
                        + heads);
            }
            if (!(mlpRatio > 0) || Math.round(dim * mlpRatio) < 1) {
                throw new IllegalArgumentException("TransformerBlock mlpRatio must give a hidden size >= 1, got " + mlpRatio);
            }
            return new TransformerBlock(this);
        }
    }
}
