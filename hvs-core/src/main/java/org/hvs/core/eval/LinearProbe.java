package org.hvs.core.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Linear evaluation of frozen features (the linear probe of DINO's {@code eval_linear.py}, here
 * small and in plain ND4J): features are standardised with the train mean and standard deviation,
 * then a multinomial logistic regression {@code softmax(x W + b)} is trained with mini-batch Adam
 * (Kingma and Ba 2015; betas 0.9, 0.999, eps 1e-8) on the mean cross-entropy plus
 * {@code weightDecay / 2 * |W|^2}, for a fixed number of epochs over a seeded shuffle. Weights
 * start at zero, so the same seed gives the same classifier.
 *
 * <pre>{@code
 * double acc = LinearProbe.builder().epochs(100).seed(42).build().top1(train, test);
 * }</pre>
 */
public final class LinearProbe {
    private static final Logger LOG = LoggerFactory.getLogger(LinearProbe.class);
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double ADAM_EPS = 1e-8;

    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final double weightDecay;
    private final long seed;

    private LinearProbe(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.learningRate = b.learningRate;
        this.weightDecay = b.weightDecay;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Test top-1 accuracy of a probe fitted on {@code train}. */
    public double top1(Features train, Features test) {
        Objects.requireNonNull(test, "test");
        return fit(train).accuracy(test);
    }

    /** Fits the classifier on {@code train}. */
    public LinearClassifier fit(Features train) {
        Objects.requireNonNull(train, "train");
        int n = train.size();
        int d = train.dim();
        int c = train.numClasses();
        INDArray x = train.features().castTo(DataType.FLOAT);
        INDArray mean = x.mean(0).reshape(1, d);
        float[] sd = x.std(false, 0).toFloatVector();
        for (int j = 0; j < d; j++) {
            if (!(sd[j] > 1e-6f)) {
                sd[j] = 1f; // constant feature: leave it centred
            }
        }
        INDArray std = Nd4j.create(sd, new long[]{1, d}, 'c');
        // standardised features with a constant-1 column, so one [D + 1, C] matrix holds W and b
        INDArray xs = Nd4j.hstack(x.subRowVector(mean).diviRowVector(std), Nd4j.ones(DataType.FLOAT, n, 1));
        float[] oneHot = new float[n * c];
        for (int i = 0; i < n; i++) {
            oneHot[i * c + train.label(i)] = 1f;
        }
        INDArray y = Nd4j.create(oneHot, new long[]{n, c}, 'c');
        INDArray decay = Nd4j.valueArrayOf(new long[]{d + 1, c}, (float) weightDecay);
        decay.getRow(d).assign(0); // no decay on the bias

        INDArray params = Nd4j.zeros(DataType.FLOAT, d + 1, c);
        INDArray grad = params.like();
        INDArray m = params.like();
        INDArray v = params.like();
        // mini-batches are cut from Java arrays: ND4J's getRows and matrix products on row views are
        // slow for this size (100+ ms per shuffle), contiguous fresh arrays are fast
        float[] xData = xs.dup('c').data().asFloat();
        int cols = d + 1;
        SplittableRandom rng = new SplittableRandom(seed);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        long t = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffle(perm, rng);
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                int rows = to - from;
                float[] xb = new float[rows * cols];
                float[] yb = new float[rows * c];
                for (int r = 0; r < rows; r++) {
                    int i = perm[from + r];
                    System.arraycopy(xData, i * cols, xb, r * cols, cols);
                    System.arraycopy(oneHot, i * c, yb, r * c, c);
                }
                INDArray xBatch = Nd4j.create(xb, new long[]{rows, cols}, 'c');
                // d(mean cross-entropy)/d(logits) = (softmax - onehot) / B
                INDArray dLogits = softmax(xBatch.mmul(params))
                        .subi(Nd4j.create(yb, new long[]{rows, c}, 'c')).divi(rows);
                grad.assign(params).muli(decay);
                Nd4j.gemm(xBatch, dLogits, grad, true, false, 1.0, 1.0);
                adam(params, grad, m, v, ++t);
            }
        }
        INDArray p = softmax(xs.mmul(params));
        double loss = -Transforms.log(p.muli(y).sum(1).addi(1e-12f), false).sumNumber().doubleValue() / n;
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException("linear probe train loss is not finite after " + epochs + " epochs: " + loss);
        }
        LOG.debug("linear probe on {}x{} features, {} classes: final train loss {}", n, d, c, loss);
        INDArray w = params.get(NDArrayIndex.interval(0, d), NDArrayIndex.all());
        INDArray b = params.getRow(d);
        return new LinearClassifier(mean, std, w, b);
    }

    /** One Adam step on {@code param} (bias-corrected step size, as in the paper's Algorithm 1). */
    private void adam(INDArray param, INDArray g, INDArray m, INDArray v, long step) {
        m.muli(BETA1).addi(g.mul(1 - BETA1));
        v.muli(BETA2).addi(g.muli(g).muli(1 - BETA2));
        double lr = learningRate * Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
        param.subi(Transforms.sqrt(v, true).addi(ADAM_EPS).rdivi(m).muli(lr));
    }

    /** Row-wise softmax, shifted by the row maximum for stability. */
    private static INDArray softmax(INDArray logits) {
        INDArray e = Transforms.exp(logits.subColumnVector(logits.max(true, 1)), false);
        return e.diviColumnVector(e.sum(true, 1));
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private int epochs = 100;
        private int batchSize = 256;
        private double learningRate = 1e-2;
        private double weightDecay = 1e-4;
        private long seed = 42;

        private Builder() {
        }

        /** Passes over the train features (default 100). */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Rows per Adam step (default 256); {@code >= n} is full-batch. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Adam step size (default 0.01). */
        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** L2 penalty on the weights (default 1e-4). */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Seed of the per-epoch shuffle (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public LinearProbe build() {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be > 0 and finite, got " + learningRate);
            }
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("weightDecay must be >= 0 and finite, got " + weightDecay);
            }
            return new LinearProbe(this);
        }
    }
}
