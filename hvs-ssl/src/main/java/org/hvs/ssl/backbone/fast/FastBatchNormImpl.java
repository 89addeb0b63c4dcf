package org.hvs.ssl.backbone.fast;

import org.hvs.ssl.nn.Detached;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * The runtime layer of {@link FastBatchNorm} on NHWC buffers seen as {@code [N = B*H*W, C]} rows:
 * forward with batch statistics (see {@code batchStatistics}) and native {@code batchnorm} (axis 3);
 * backward with the closed form {@code dx = gamma/sigma * (g - mean(g) - xHat * mean(g * xHat))}. Every
 * per-channel sum is one matrix-vector product {@code rows^T x ones[N]} ({@link #columnSums}): BLAS
 * {@code gemv} reads the rows once, where a {@code ones[1, N] x [N, C]} matrix product first copies them
 * (15x slower at {@code [131072, 32]}), and ND4J's native {@code batchnorm_bp}, {@code moments} and
 * strided column reductions are slower still. Running-statistics "gradients" follow DL4J's rule (see
 * {@link FastBatchNorm}). Output: an NCHW view of an NHWC buffer.
 */
class FastBatchNormImpl extends BatchNormalization {

    private static final int CHANNEL_AXIS_NHWC = 3;

    private INDArray x;          // NHWC input of the last forward
    private INDArray batchMean;  // [C], train-mode forward only
    private INDArray batchVar;   // [C], biased, without eps
    private INDArray onesColumn; // [N, 1] for column sums
    private final Scratch gradInBuffer = new Scratch();
    private final Scratch outBuffer = new Scratch();
    private final Scratch productBuffer = new Scratch();   // g * x in the backward pass
    private final Scratch squaresBuffer = new Scratch();   // x * x for the batch statistics

    FastBatchNormImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * A column of {@code n} ones: the first {@code n} of the longest column asked for so far (HVS alternates
     * N-view and 2-view batches, which would otherwise allocate and fill a new one at every switch).
     */
    private INDArray ones(long n, DataType type) {
        if (onesColumn == null || onesColumn.length() < n || onesColumn.dataType() != type) {
            onesColumn = Detached.create(() -> Nd4j.ones(type, n, 1));
        }
        return onesColumn.length() == n ? onesColumn : Nd4j.create(onesColumn.data(), new long[]{n, 1});
    }

    /**
     * The per-channel sums {@code [C]} of C-order {@code rows [N, C]}: {@code rows^T x ones[N]}, one BLAS
     * {@code gemv} over the rows as they lie in memory (no copy, no strided reduction).
     */
    private INDArray columnSums(INDArray rows) {
        long n = rows.size(0);
        long c = rows.size(1);
        INDArray sums = Nd4j.createUninitialized(rows.dataType(), c, 1);
        Nd4j.gemm(rows, ones(n, rows.dataType()), sums, true, false, 1.0, 0.0);
        return sums.reshape(c);
    }

    private INDArray param(String key, long channels, DataType type) {
        return getParam(key).reshape(channels).castTo(type);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        long c = layerConf().getNOut();
        if (input.rank() != 4 || input.size(1) != c) {
            throw new IllegalArgumentException("layer " + layerId() + " expects NCHW input with " + c
                    + " channels, got shape " + Arrays.toString(input.shape()));
        }
        x = Nhwc.of(input);
        DataType type = x.dataType();
        INDArray mean;
        INDArray var;
        if (training) {
            batchStatistics(c, type, workspaceMgr);
            mean = batchMean;
            var = batchVar;
        } else {
            batchMean = null;
            batchVar = null;
            mean = param(BatchNormalizationParamInitializer.GLOBAL_MEAN, c, type);
            INDArray std = Transforms.pow(Nd4j.valueArrayOf(new long[]{c}, 10.0, type),
                    param(BatchNormalizationParamInitializer.GLOBAL_LOG_STD, c, type), false);
            var = std.muli(std);
        }
        INDArray out = outBuffer.output(training, workspaceMgr, type, x.shape());
        Nd4j.exec(DynamicCustomOp.builder("batchnorm")
                .addInputs(x, mean, var, param(BatchNormalizationParamInitializer.GAMMA, c, type),
                        param(BatchNormalizationParamInitializer.BETA, c, type))
                .addOutputs(out)
                .addIntegerArguments(1, 1, CHANNEL_AXIS_NHWC)
                .addFloatingPointArguments(layerConf().getEps())
                .build());
        return Nhwc.asNchw(out);
    }

    /**
     * Per-channel mean and biased variance of {@code x} over its {@code N = B*H*W} rows: the sums and the
     * sums of squares ({@code x*x} into a kept buffer, or into layer working memory inside workspaces) as
     * {@link #columnSums}, {@code var = E[x^2] - mean^2} in double, clamped at 0 (the inputs are convolution
     * outputs, whose mean is not large against their spread). At {@code [128, 32, 32, 32]} this takes ~1.5 ms, against ~9 ms as {@code ones x X} plus the
     * diagonal of {@code X^T X} and ~6 ms as ND4J's native {@code moments} (2026-12-07).
     */
    private void batchStatistics(long c, DataType type, LayerWorkspaceMgr workspaceMgr) {
        long n = x.length() / c;
        INDArray rows = x.reshape('c', n, c);
        double[] sums = columnSums(rows).toDoubleVector();
        INDArray squares = squaresBuffer.working(workspaceMgr, type, n, c);
        Nd4j.getExecutioner().exec(new MulOp(rows, rows, squares));
        double[] sumSquares = columnSums(squares).toDoubleVector();
        double[] mean = new double[(int) c];
        double[] var = new double[(int) c];
        for (int j = 0; j < c; j++) {
            mean[j] = sums[j] / n;
            var[j] = Math.max(0.0, sumSquares[j] / n - mean[j] * mean[j]);
        }
        batchMean = vector(mean, type);
        batchVar = vector(var, type);
    }

    private static INDArray vector(double[] values, DataType type) {
        return Nd4j.create(values, new long[]{values.length}, type);
    }

    private double[] paramValues(String key, long channels) {
        return getParam(key).reshape(channels).toDoubleVector();
    }

    /**
     * The closed-form backward pass. Per-channel arithmetic ({@code C} values) is done in Java doubles:
     * as ND4J ops it was ~25 calls on tiny arrays per layer, ~1 ms of call overhead. The input gradient
     * {@code dx = g*a + (x*b + k)} takes three passes over the activation: {@code x*b + k} as one native
     * {@code batchnorm} with mean 0, variance 1, gamma {@code b}, beta {@code k} and epsilon 0, then
     * {@code g*a} and the sum.
     */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (batchMean == null) {
            throw new IllegalStateException("layer " + layerId() + ": backprop needs a train-mode forward first");
        }
        long c = layerConf().getNOut();
        int cs = (int) c;
        DataType type = x.dataType();
        INDArray g = Nhwc.of(epsilon).castTo(type);
        long n = x.length() / c;
        INDArray xRows = x.reshape('c', n, c);
        INDArray gRows = g.reshape('c', n, c);
        double[] sumG = columnSums(gRows).toDoubleVector();                 // dL/dbeta
        INDArray tmp = productBuffer.get(type, n, c);
        Nd4j.getExecutioner().exec(new MulOp(gRows, xRows, tmp));
        double[] sumGx = columnSums(tmp).toDoubleVector();
        double[] mean = batchMean.toDoubleVector();
        double[] var = batchVar.toDoubleVector();
        double[] gamma = paramValues(BatchNormalizationParamInitializer.GAMMA, c);
        double[] runMean = paramValues(BatchNormalizationParamInitializer.GLOBAL_MEAN, c);
        double[] logStd = paramValues(BatchNormalizationParamInitializer.GLOBAL_LOG_STD, c);
        double eps = layerConf().getEps();
        double decay = layerConf().getDecay();
        double[] a = new double[cs];
        double[] b = new double[cs];
        double[] k = new double[cs];
        double[] gradGamma = new double[cs];
        double[] stepMean = new double[cs];
        double[] stepLogStd = new double[cs];
        for (int j = 0; j < cs; j++) {
            double invStd = 1.0 / Math.sqrt(var[j] + eps);
            gradGamma[j] = (sumGx[j] - mean[j] * sumG[j]) * invStd;        // dL/dgamma = sum(g * xHat)
            // dx = gamma*invStd*(g - sumG/n - xHat*sumGxHat/n) = g*a + x*b + k
            a[j] = gamma[j] * invStd;
            b[j] = -a[j] * invStd * gradGamma[j] / n;
            k[j] = -a[j] * sumG[j] / n - b[j] * mean[j];
            // running mean m <- d*m + (1-d)*batchMean: the step to subtract is (1-d)(m - batchMean)
            stepMean[j] = (1 - decay) * (runMean[j] - mean[j]);
            // running variance std^2 <- d*std^2 + (1-d)*batchVar, stored as log10(std)
            double newVar = decay * Math.pow(100.0, logStd[j]) + (1 - decay) * var[j];
            stepLogStd[j] = logStd[j] - 0.5 * Math.log10(newVar);
        }
        INDArray gradIn = gradInBuffer.get(type, n, c);
        Nd4j.exec(DynamicCustomOp.builder("batchnorm")
                .addInputs(x, Nd4j.zeros(type, c), Nd4j.ones(type, c), vector(b, type), vector(k, type))
                .addOutputs(tmp.reshape('c', x.shape()))
                .addIntegerArguments(1, 1, CHANNEL_AXIS_NHWC)
                .addFloatingPointArguments(0.0)
                .build());
        Nd4j.getExecutioner().exec(new BroadcastMulOp(gRows, vector(a, type), gradIn, 1));
        gradIn.addi(tmp);

        Gradient gradient = new DefaultGradient();
        putGradient(gradient, BatchNormalizationParamInitializer.GAMMA, gradGamma);
        putGradient(gradient, BatchNormalizationParamInitializer.BETA, sumG);
        putGradient(gradient, BatchNormalizationParamInitializer.GLOBAL_MEAN, stepMean);
        putGradient(gradient, BatchNormalizationParamInitializer.GLOBAL_LOG_STD, stepLogStd);
        return new Pair<>(gradient, Nhwc.asNchw(gradIn.reshape('c', x.shape())));
    }

    /** Writes {@code values} into the gradient view of {@code key} and records it in {@code gradient}. */
    private void putGradient(Gradient gradient, String key, double[] values) {
        INDArray view = gradientViews.get(key);
        view.assign(Nd4j.create(values, view.shape(), view.dataType()));
        gradient.gradientForVariable().put(key, view);
    }

    @Override
    public void clear() {
        super.clear();
        x = null;
        batchMean = null;
        batchVar = null;
    }
}
