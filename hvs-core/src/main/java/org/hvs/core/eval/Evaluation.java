package org.hvs.core.eval;

import org.hvs.augment.data.ImageDataset;
import org.hvs.core.method.SslMethod;

import java.util.Map;
import java.util.Objects;

/**
 * An evaluation the trainer runs between epochs ({@link org.hvs.core.train.HvsTrainer.Builder#evaluation}):
 * it reads the method's current features and returns named results, e.g. {@code "knn_top1" -> 0.41},
 * which reach the listeners in {@link org.hvs.core.listen.EpochSummary#eval()}.
 *
 * <pre>{@code
 * HvsTrainer.builder()...evaluation(Evaluation.knn(trainSet, testSet), 2)   // kNN every 2 epochs
 * }</pre>
 */
@FunctionalInterface
public interface Evaluation {

    /** Results by name; must leave the method's parameters unchanged. */
    Map<String, Double> evaluate(SslMethod method);

    /**
     * Weighted kNN top-1 (DINO's eval_knn: k=20, temperature 0.07) of the method's features, fitted
     * on {@code train}, scored on {@code test}; reported as {@code knn_top1} in [0, 1].
     */
    static Evaluation knn(ImageDataset train, ImageDataset test) {
        return knn(train, test, FeatureExtractor.defaults(), KnnClassifier.dino());
    }

    /** As {@link #knn(ImageDataset, ImageDataset)} with the given extractor and classifier. */
    static Evaluation knn(ImageDataset train, ImageDataset test, FeatureExtractor extractor, KnnClassifier knn) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(extractor, "extractor");
        Objects.requireNonNull(knn, "knn");
        return method -> Map.of("knn_top1",
                knn.top1(extractor.extract(train, method::features), extractor.extract(test, method::features)));
    }
}
