package org.hvs.ssl.backbone.vit;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.hvs.ssl.nn.ExactSameDiffLayer;
import org.hvs.ssl.nn.ManualLayer;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

/**
 * A parameter-free slice of a token sequence {@code [B, D, 1 + T]} (class token first):
 * {@link Part#CLS} gives the class token {@code [B, D]} (DL4J feed-forward), {@link Part#PATCHES} the
 * patch tokens {@code [B, D, T]} (DL4J recurrent, NCW).
 */
public class TokenSelect extends ExactSameDiffLayer {
    /** Which tokens to keep. */
    public enum Part { CLS, PATCHES }

    private Part part;
    private int dim;

    protected TokenSelect(Builder b) {
        super(b);
        this.part = b.part;
        this.dim = b.dim;
    }

    /** For JSON deserialisation of saved configurations. */
    protected TokenSelect() {
    }

    public Part getPart() {
        return part;
    }

    public int getDim() {
        return dim;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (part == Part.CLS) {
            return InputType.feedForward(dim);
        }
        long n = inputType instanceof InputType.InputTypeRecurrent r ? r.getTimeSeriesLength() : -1;
        return InputType.recurrent(dim, n > 0 ? n - 1 : -1, RNNFormat.NCW);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        // no parameters
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable layerInput, Map<String, SDVariable> p, SDVariable mask) {
        long n = layerInput.getShape()[2];
        if (part == Part.CLS) {
            return layerInput.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(0, 1)).reshape(-1, dim);
        }
        return layerInput.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(1L, n));
    }

    /** The hand-written pass (a copy of the slice; its backward pass scatters into zeros); {@link #defineLayer} is its reference. */
    @Override
    public ManualLayer manual() {
        return new ManualLayer() {
            @Override
            public Forward forward(INDArray input, Map<String, INDArray> p, boolean forBackward) {
                if (input.rank() != 3 || input.size(1) != dim || input.size(2) < 1) {
                    throw new IllegalArgumentException("TokenSelect dim " + dim + " expects [B, " + dim + ", N], got "
                            + java.util.Arrays.toString(input.shape()));
                }
                INDArray out = part == Part.CLS
                        ? input.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0)).dup('c')
                        : input.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(1, input.size(2)))
                        .dup('c');
                return new Forward(out, forBackward ? input.shape() : null);
            }

            @Override
            public INDArray backward(Object cache, INDArray eps, Map<String, INDArray> p, Map<String, INDArray> g) {
                long[] shape = (long[]) cache;
                INDArray dx = Nd4j.zeros(eps.dataType(), shape);
                if (part == Part.CLS) {
                    dx.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0)).assign(eps);
                } else {
                    dx.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(1, shape[2])).assign(eps);
                }
                return dx;
            }
        };
    }

    public static class Builder extends SameDiffLayer.Builder<Builder> {
        private Part part = Part.CLS;
        private int dim;

        public Builder part(Part part) {
            this.part = java.util.Objects.requireNonNull(part, "part");
            return this;
        }

        public Builder dim(int dim) {
            this.dim = dim;
            return this;
        }

        @Override
        public TokenSelect build() {
            if (dim < 1) {
                throw new IllegalArgumentException("TokenSelect dim must be >= 1, got " + dim);
            }
            return new TokenSelect(this);
        }
    }
}
