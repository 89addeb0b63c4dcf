package org.hvs.ssl.backbone.vit;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.distribution.TruncatedNormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.hvs.ssl.nn.ExactSameDiffLayer;
import org.hvs.ssl.nn.ManualLayer;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * The ViT's token layer: patch embeddings in, the token sequence out (Dosovitskiy et al., "An Image
 * is Worth 16x16 Words", ICLR 2021; DINO's {@code prepare_tokens}; iBOT's masked embedding):
 *
 * <pre>
 *   input   [B, D, h, w]       the patch embedding (a convolution with kernel = stride = patch size),
 *        or [B, D + 1, h, w]   with a mask channel last (1 = masked patch) when {@code masked}
 *   patches [B, D, T]          T = h * w, row-major; masked ones replaced: e (1 - m) + maskToken m
 *   tokens  [B, D, 1 + T]      [cls | patches] + pos^T,   pos = the stored [1 + h0*w0, D] embeddings,
 *                              bilinearly resized ({@link PositionInterpolation}) when (h, w) != (h0, w0)
 * </pre>
 *
 * <p>Parameters (all "bias"-type, so DL4J's weight decay skips them, as timm's {@code no_weight_decay}
 * does): {@value #CLS} {@code [1, D]} and {@value #POS} {@code [1 + h0*w0, D]} start truncated-normal
 * with std 0.02 as timm and DINO; {@value #MASK_TOKEN} {@code [1, D]} starts at zero as iBOT's
 * {@code masked_embed}. The parameters are the same with and without {@code masked}, so a parameter
 * array moves between the two variants. Output: DL4J recurrent format {@code [B, D, 1 + T]}.
 */
public class PatchTokens extends ExactSameDiffLayer {
    /** Parameter key of the class token, {@code [1, D]}. */
    public static final String CLS = "cls";
    /** Parameter key of the position embeddings, {@code [1 + h0 * w0, D]}, class token first. */
    public static final String POS = "pos";
    /** Parameter key of the learned mask token, {@code [1, D]}. */
    public static final String MASK_TOKEN = "maskToken";

    private int dim;
    private int gridHeight;
    private int gridWidth;
    private boolean masked;

    protected PatchTokens(Builder b) {
        super(b);
        this.dim = b.dim;
        this.gridHeight = b.gridHeight;
        this.gridWidth = b.gridWidth;
        this.masked = b.masked;
    }

    /** For JSON deserialisation of saved configurations. */
    protected PatchTokens() {
    }

    public int getDim() {
        return dim;
    }

    public int getGridHeight() {
        return gridHeight;
    }

    public int getGridWidth() {
        return gridWidth;
    }

    public boolean isMasked() {
        return masked;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.recurrent(dim, 1L + (long) gridHeight * gridWidth, RNNFormat.NCW);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addBiasParam(CLS, 1, dim);
        params.addBiasParam(POS, 1L + (long) gridHeight * gridWidth, dim);
        params.addBiasParam(MASK_TOKEN, 1, dim);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        WeightInitDistribution trunc = new WeightInitDistribution(new TruncatedNormalDistribution(0, 0.02));
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            INDArray p = e.getValue();
            if (MASK_TOKEN.equals(e.getKey())) {
                p.assign(0);
            } else {
                trunc.init(dim, dim, p.shape(), 'c', p);
            }
        }
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable layerInput, Map<String, SDVariable> paramTable,
                                  SDVariable mask) {
        long[] shape = layerInput.getShape();
        long channels = shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        long t = (long) h * w;
        long expected = masked ? dim + 1L : dim;
        if (channels != expected) {
            throw new IllegalArgumentException("PatchTokens" + (masked ? " (masked)" : "") + " expects " + expected
                    + " input channels, got " + channels);
        }
        SDVariable patches = layerInput.get(SDIndex.all(), SDIndex.interval(0, dim), SDIndex.all(), SDIndex.all())
                .reshape(-1, dim, t);
        if (masked) {
            SDVariable m = layerInput.get(SDIndex.all(), SDIndex.interval(dim, dim + 1), SDIndex.all(), SDIndex.all())
                    .reshape(-1, 1, t);
            SDVariable token = paramTable.get(MASK_TOKEN).reshape(1, dim, 1);
            patches = patches.mul(m.rsub(1.0)).add(m.mul(token));
        } else {
            // DL4J M2.1 asks SameDiff for the gradient of every parameter; one that does not reach the
            // output breaks the backward ("No variable/placeholder with name ...-grad exists"), so the
            // unused mask token enters with weight 0 (its gradient is 0, as it should be)
            patches = patches.add(paramTable.get(MASK_TOKEN).reshape(1, dim, 1).mul(0.0));
        }
        // the class token broadcast over the batch: 0 * (first patch) + cls, [B, D, 1]
        SDVariable first = patches.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(0, 1));
        SDVariable cls = first.mul(0.0).add(paramTable.get(CLS).reshape(1, dim, 1));
        SDVariable tokens = sd.concat(2, cls, patches);
        SDVariable pos = paramTable.get(POS);
        if (h != gridHeight || w != gridWidth) {
            long t0 = (long) gridHeight * gridWidth;
            SDVariable resize = sd.constant(PositionInterpolation.matrix(gridHeight, gridWidth, h, w,
                    layerInput.dataType()));
            SDVariable patchPos = resize.mmul(pos.get(SDIndex.interval(1L, 1L + t0), SDIndex.all()));
            pos = sd.concat(0, pos.get(SDIndex.interval(0, 1), SDIndex.all()), patchPos);
        }
        return tokens.add(pos.permute(1, 0).reshape(1, dim, 1 + t));
    }

    /** The hand-written pass ({@link TokensPass}); {@link #defineLayer} is its reference. */
    @Override
    public ManualLayer manual() {
        return new TokensPass(dim, gridHeight, gridWidth, masked);
    }

    /** Builder: {@code dim} and the grid the position embeddings are made for are required. */
    public static class Builder extends SameDiffLayer.Builder<Builder> {
        private int dim;
        private int gridHeight;
        private int gridWidth;
        private boolean masked;

        /** Embedding dimension D. */
        public Builder dim(int dim) {
            this.dim = dim;
            return this;
        }

        /** The patch grid (h0 x w0) of the stored position embeddings. */
        public Builder grid(int gridHeight, int gridWidth) {
            this.gridHeight = gridHeight;
            this.gridWidth = gridWidth;
            return this;
        }

        /** Whether the input carries a mask channel after the D embedding channels. Default false. */
        public Builder masked(boolean masked) {
            this.masked = masked;
            return this;
        }

        @Override
        public PatchTokens build() {
            if (dim < 1) {
                throw new IllegalArgumentException("PatchTokens dim must be >= 1, got " + dim);
            }
            if (gridHeight < 1 || gridWidth < 1) {
                throw new IllegalArgumentException("PatchTokens grid must be >= 1x1, got " + gridHeight + "x" + gridWidth);
            }
            return new PatchTokens(this);
        }
    }
}
