package org.hvs.core.eval;

import java.util.Objects;

/**
 * The outcome of a weighted k-NN evaluation ({@link KnnClassifier}): top-1 and top-5 accuracy in
 * [0, 1] and each test image's predicted class.
 *
 * <pre>{@code
 * KnnResult r = KnnClassifier.dino().evaluate(train, test);
 * log.info("kNN top-1 {}", r.top1());
 * }</pre>
 *
 * @param top1        fraction of test images whose highest-voted class is their label
 * @param top5        fraction whose label is among the five highest-voted classes; {@code NaN}
 *                    when there are fewer than 5 classes (see {@link #hasTop5()})
 * @param k           the number of neighbours actually used (after clamping to the train size)
 * @param predictions per test image, the highest-voted class
 */
public record KnnResult(double top1, double top5, int k, int[] predictions) {

    public KnnResult {
        Objects.requireNonNull(predictions, "predictions");
        if (!(top1 >= 0 && top1 <= 1)) {
            throw new IllegalArgumentException("top1 must be in [0, 1], got " + top1);
        }
        if (!Double.isNaN(top5) && !(top5 >= top1 && top5 <= 1)) {
            throw new IllegalArgumentException("top5 must be NaN or in [top1=" + top1 + ", 1], got " + top5);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        predictions = predictions.clone();
    }

    /** Whether top-5 accuracy was computed (at least 5 classes). */
    public boolean hasTop5() {
        return !Double.isNaN(top5);
    }

    @Override
    public int[] predictions() {
        return predictions.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KnnResult r && Double.compare(r.top1, top1) == 0 && Double.compare(r.top5, top5) == 0
                && r.k == k && java.util.Arrays.equals(r.predictions, predictions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(top1, top5, k, java.util.Arrays.hashCode(predictions));
    }

    @Override
    public String toString() {
        return "KnnResult[top1=" + top1 + ", top5=" + top5 + ", k=" + k + ", n=" + predictions.length + "]";
    }
}
