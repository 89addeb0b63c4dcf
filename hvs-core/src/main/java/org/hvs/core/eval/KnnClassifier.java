package org.hvs.core.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * Weighted k-nearest-neighbour classifier exactly as DINO's {@code eval_knn.knn_classifier}
 * (Wu et al. 2018, "Unsupervised Feature Learning via Non-Parametric Instance Discrimination"):
 * features are L2-normalised, each test image takes the {@code k} train images of highest cosine
 * similarity {@code s}, each neighbour votes for its label with weight {@code exp(s / T)}, and the
 * classes are ranked by their summed votes. DINO's defaults: {@code k = 20}, {@code T = 0.07}.
 *
 * <p>The similarities are computed for {@code chunkSize} test rows at a time, so memory stays at
 * about {@code chunkSize x trainSize} floats (32 MB for 128 x 60,000). A {@code k} larger than
 * the train set is clamped to the train-set size (every train image votes). Ties are broken
 * deterministically: between equally similar neighbours the lower train index is taken, between
 * equal votes the lower class index ranks first.
 *
 * <pre>{@code
 * double acc = KnnClassifier.dino().top1(trainFeatures, testFeatures);
 * KnnResult r = KnnClassifier.builder().k(200).temperature(0.07).build().evaluate(train, test);
 * }</pre>
 */
public final class KnnClassifier {
    private static final Logger LOG = LoggerFactory.getLogger(KnnClassifier.class);

    private final int k;
    private final double temperature;
    private final int chunkSize;

    private KnnClassifier(Builder b) {
        this.k = b.k;
        this.temperature = b.temperature;
        this.chunkSize = b.chunkSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** DINO's setting: k = 20, T = 0.07. */
    public static KnnClassifier dino() {
        return builder().build();
    }

    public int k() {
        return k;
    }

    public double temperature() {
        return temperature;
    }

    public int chunkSize() {
        return chunkSize;
    }

    /** Top-1 accuracy of {@code test} classified by its neighbours in {@code train}. */
    public double top1(Features train, Features test) {
        return evaluate(train, test).top1();
    }

    /**
     * Classifies every test row by its neighbours among the train rows.
     *
     * @throws IllegalArgumentException if the feature dimensions or class counts differ
     */
    public KnnResult evaluate(Features train, Features test) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (train.dim() != test.dim()) {
            throw new IllegalArgumentException("train and test feature sizes differ: " + train.dim() + " vs "
                    + test.dim());
        }
        if (train.numClasses() != test.numClasses()) {
            throw new IllegalArgumentException("train and test class counts differ: " + train.numClasses() + " vs "
                    + test.numClasses());
        }
        int nTrain = train.size();
        int nTest = test.size();
        int numClasses = train.numClasses();
        int kk = Math.min(k, nTrain);
        if (kk < k) {
            LOG.debug("k = {} clamped to the train-set size {}", k, nTrain);
        }
        INDArray trainT = l2Normalize(train.features()).transpose();
        INDArray testN = l2Normalize(test.features());
        int[] trainLabels = train.labels();
        int[] testLabels = test.labels();

        int[] predictions = new int[nTest];
        int top1 = 0;
        int top5 = 0;
        float[] topSim = new float[kk];
        int[] topIdx = new int[kk];
        double[] votes = new double[numClasses];
        int[] order = new int[numClasses];
        int chunk = (int) Math.max(1, Math.min(chunkSize, (Integer.MAX_VALUE - 16L) / nTrain));
        for (int from = 0; from < nTest; from += chunk) {
            int to = Math.min(nTest, from + chunk);
            int rows = to - from;
            INDArray sim = testN.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).mmul(trainT);
            float[] s = contiguous(sim, (long) rows * nTrain);
            for (int r = 0; r < rows; r++) {
                int filled = topK(s, r * nTrain, nTrain, topSim, topIdx);
                java.util.Arrays.fill(votes, 0);
                for (int j = 0; j < filled; j++) {
                    votes[trainLabels[topIdx[j]]] += Math.exp(topSim[j] / temperature);
                }
                rank(votes, order);
                int label = testLabels[from + r];
                predictions[from + r] = order[0];
                if (order[0] == label) {
                    top1++;
                }
                for (int c = 0; c < Math.min(5, numClasses); c++) {
                    if (order[c] == label) {
                        top5++;
                        break;
                    }
                }
            }
        }
        double t5 = numClasses >= 5 ? (double) top5 / nTest : Double.NaN;
        return new KnnResult((double) top1 / nTest, t5, kk, predictions);
    }

    /** Rows divided by their L2 norm (at least 1e-12, as torch's {@code F.normalize}), as float. */
    static INDArray l2Normalize(INDArray x) {
        INDArray f = x.castTo(DataType.FLOAT);
        INDArray norms = Transforms.max(f.norm2(1), 1e-12, false).reshape(f.size(0), 1);
        return f.divColumnVector(norms);
    }

    private static float[] contiguous(INDArray a, long length) {
        INDArray c = a.ordering() == 'c' && a.offset() == 0 && a.data().length() == length ? a : a.dup('c');
        return c.data().asFloat();
    }

    /**
     * The {@code min(k, n)} largest of {@code s[off .. off + n)} into {@code topSim}/{@code topIdx},
     * sorted by descending similarity (earlier index first on ties); returns how many were filled.
     */
    private static int topK(float[] s, int off, int n, float[] topSim, int[] topIdx) {
        int k = topSim.length;
        int filled = 0;
        for (int j = 0; j < n; j++) {
            float v = s[off + j];
            if (filled == k && !(v > topSim[k - 1])) {
                continue;
            }
            int pos = filled == k ? k - 1 : filled++;
            while (pos > 0 && v > topSim[pos - 1]) {
                topSim[pos] = topSim[pos - 1];
                topIdx[pos] = topIdx[pos - 1];
                pos--;
            }
            topSim[pos] = v;
            topIdx[pos] = j;
        }
        return filled;
    }

    /** Class indices by descending votes, lower index first on ties (insertion sort; few classes). */
    private static void rank(double[] votes, int[] order) {
        for (int c = 0; c < votes.length; c++) {
            int pos = c;
            while (pos > 0 && votes[c] > votes[order[pos - 1]]) {
                order[pos] = order[pos - 1];
                pos--;
            }
            order[pos] = c;
        }
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private int k = 20;
        private double temperature = 0.07;
        private int chunkSize = 128;

        private Builder() {
        }

        /** Number of neighbours (default 20); clamped to the train-set size at evaluation. */
        public Builder k(int k) {
            this.k = k;
            return this;
        }

        /** Temperature {@code T} of the vote weight {@code exp(s / T)} (default 0.07). */
        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Test rows per similarity block (default 128); does not change the result. */
        public Builder chunkSize(int chunkSize) {
            this.chunkSize = chunkSize;
            return this;
        }

        public KnnClassifier build() {
            if (k < 1) {
                throw new IllegalArgumentException("k must be >= 1, got " + k);
            }
            if (!(temperature > 0) || Double.isInfinite(temperature)) {
                throw new IllegalArgumentException("temperature must be > 0 and finite, got " + temperature);
            }
            if (chunkSize < 1) {
                throw new IllegalArgumentException("chunkSize must be >= 1, got " + chunkSize);
            }
            return new KnnClassifier(this);
        }
    }
}
