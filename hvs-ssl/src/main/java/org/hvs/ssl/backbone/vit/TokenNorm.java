package org.hvs.ssl.backbone.vit;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.hvs.ssl.nn.ExactSameDiffLayer;
import org.hvs.ssl.nn.ManualLayer;
import org.hvs.ssl.nn.SameDiffOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Layer normalisation of every token of a DL4J recurrent {@code [B, D, N]} sequence over its D
 * features (the ViT's final {@code norm}; epsilon {@value TransformerBlock#LN_EPS}); parameters
 * {@value #GAMMA} (starts at 1) and {@value #BETA} (0), both {@code [1, D]}.
 */
public class TokenNorm extends ExactSameDiffLayer {
    public static final String GAMMA = "gamma";
    public static final String BETA = "beta";

    private int dim;

    protected TokenNorm(Builder b) {
        super(b);
        this.dim = b.dim;
    }

    /** For JSON deserialisation of saved configurations. */
    protected TokenNorm() {
    }

    public int getDim() {
        return dim;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addBiasParam(GAMMA, 1, dim);
        params.addBiasParam(BETA, 1, dim);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get(GAMMA).assign(1);
        params.get(BETA).assign(0);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable layerInput, Map<String, SDVariable> p, SDVariable mask) {
        return SameDiffOps.layerNorm(sd, layerInput, p.get(GAMMA).reshape(1, dim, 1), p.get(BETA).reshape(1, dim, 1),
                1, TransformerBlock.LN_EPS);
    }

    /** The hand-written pass ({@link TokenMath}); {@link #defineLayer} is its reference. */
    @Override
    public ManualLayer manual() {
        return new ManualLayer() {
            @Override
            public Forward forward(INDArray input, Map<String, INDArray> p, boolean forBackward) {
                if (input.rank() != 3 || input.size(1) != dim) {
                    throw new IllegalArgumentException("TokenNorm dim " + dim + " expects [B, " + dim + ", N], got "
                            + java.util.Arrays.toString(input.shape()));
                }
                TokenMath.Norm n = TokenMath.normalise(TokenMath.rows(input), TransformerBlock.LN_EPS);
                INDArray out = TokenMath.sequence(TokenMath.affine(n.xhat(), p.get(GAMMA), p.get(BETA)), input.size(0),
                        input.size(2));
                return new Forward(out, forBackward ? n : null);
            }

            @Override
            public INDArray backward(Object cache, INDArray eps, Map<String, INDArray> p, Map<String, INDArray> g) {
                INDArray dx = TokenMath.normBackward((TokenMath.Norm) cache, TokenMath.rows(eps), p.get(GAMMA),
                        g.get(GAMMA), g.get(BETA));
                return TokenMath.sequence(dx, eps.size(0), eps.size(2));
            }
        };
    }

    public static class Builder extends SameDiffLayer.Builder<Builder> {
        private int dim;

        public Builder dim(int dim) {
            this.dim = dim;
            return this;
        }

        @Override
        public TokenNorm build() {
            if (dim < 1) {
                throw new IllegalArgumentException("TokenNorm dim must be >= 1, got " + dim);
            }
            return new TokenNorm(this);
        }
    }
}
