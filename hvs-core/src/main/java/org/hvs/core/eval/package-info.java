/**
 * Evaluation of frozen encoders, as in DINO's {@code eval_knn.py} and {@code eval_linear.py}:
 * {@link org.hvs.core.eval.FeatureExtractor} turns a data set into {@link org.hvs.core.eval.Features},
 * {@link org.hvs.core.eval.KnnClassifier} gives weighted k-NN accuracy, and
 * {@link org.hvs.core.eval.LinearProbe} trains a softmax classifier on the frozen features.
 */
package org.hvs.core.eval;
