package org.hvs.ssl.method;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.hvs.augment.MultiViewBatch;
import org.hvs.core.method.Backbone;
import org.hvs.core.method.SslMethod;
import org.hvs.core.method.StepContext;
import org.hvs.core.method.StepOutput;
import org.hvs.core.method.TrainingSetup;
import org.hvs.core.method.TrainingViews;
import org.hvs.core.select.Candidate;
import org.hvs.core.select.Candidates;
import org.hvs.core.train.GraphTraining;
import org.hvs.core.train.NonFiniteLossException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Shared machinery of the two-view methods with one network (SimSiam, SimCLR): the student is the
 * backbone with the method's heads appended; a training step forwards both chosen views as one
 * batch of 2B images, computes the loss and its gradient with respect to the head outputs, and
 * backpropagates; candidates are all unordered pairs of the N views, scored from one forward over
 * all N·B views.
 *
 * <p>Both views go through the network in one batch, so batch-norm statistics are shared across the
 * two views (as SimCLR's global BN); the reference SimSiam forwards them separately.
 */
abstract class SiameseMethod implements SslMethod {
    protected final Backbone backbone;
    private final boolean selectionTrainMode;
    private ComputationGraph student;

    SiameseMethod(Backbone backbone, boolean selectionTrainMode) {
        this.backbone = Objects.requireNonNull(backbone, "backbone");
        this.selectionTrainMode = selectionTrainMode;
    }

    /** Appends the heads and sets the graph's outputs. */
    abstract void addHeads(TransferLearning.GraphBuilder g, String features, long featureDim);

    /** Loss and dLoss/dOutput (one per graph output) for outputs of a 2B batch (view 1 rows first). */
    abstract LossAndGradient loss(INDArray[] outputs, int batchSize);

    /** Per-sample candidate scores {@code [pairs, B]} from outputs of the N·B view-major batch. */
    abstract INDArray pairScores(INDArray[] outputs, int numViews, List<int[]> pairs);

    record LossAndGradient(double loss, INDArray[] epsilons, Map<String, Double> metrics) {
        LossAndGradient(double loss, INDArray[] epsilons) {
            this(loss, epsilons, Map.of());
        }
    }

    @Override
    public synchronized void initialize(TrainingSetup setup) {
        if (student != null) {
            return;
        }
        TransferLearning.GraphBuilder g = new TransferLearning.GraphBuilder(backbone.graph())
                .fineTuneConfiguration(setup.optimizer().fineTune(setup.seed()));
        addHeads(g, backbone.featureVertex(), backbone.featureDim());
        student = g.build();
        GraphTraining.requireLeafOutputs(student);
    }

    @Override
    public boolean isInitialized() {
        return student != null;
    }

    /** Tests only: the student in another floating-point type (e.g. double for finite differences). */
    void convertStudent(org.nd4j.linalg.api.buffer.DataType type) {
        student = student().convertDataType(type);
    }

    ComputationGraph student() {
        if (student == null) {
            throw new IllegalStateException(name() + " is not initialised: call initialize(setup) (HvsTrainer does) first");
        }
        return student;
    }

    @Override
    public List<Candidate> candidates(MultiViewBatch views) {
        return Candidates.allPairs(views.numViews());
    }

    @Override
    public INDArray scoreCandidates(MultiViewBatch views, List<Candidate> candidates) {
        INDArray all = Candidates.stackViews(views);
        INDArray[] outputs = GraphTraining.inference(student(), all, selectionTrainMode);
        List<int[]> pairs = candidates.stream().map(c -> new int[] {c.first(), c.second()}).toList();
        return pairScores(outputs, views.numViews(), pairs);
    }

    @Override
    public StepOutput trainStep(TrainingViews views, StepContext ctx) {
        int b = views.batchSize();
        INDArray x = Nd4j.concat(0, views.first(), views.second());
        INDArray[] outputs = GraphTraining.forward(student(), x);
        LossAndGradient lg = loss(outputs, b);
        NonFiniteLossException.check(name(), lg.loss(), ctx.step(), ctx.epoch());
        GraphTraining.backwardAndUpdate(student(), lg.epsilons(), ctx.step(), ctx.epoch(), ctx.learningRate());
        return new StepOutput(lg.loss(), lg.metrics());
    }

    @Override
    public INDArray features(INDArray images) {
        return student().feedForward(images, false).get(backbone.featureVertex());
    }

    @Override
    public Map<String, ComputationGraph> networks() {
        return Map.of("student", student());
    }

    /**
     * Collapse watch: the standard deviation over the batch of the L2-normalised embedding, averaged
     * over dimensions (solo-learn's {@code z_std}). About {@code 1/sqrt(d)} for healthy embeddings,
     * 0 when every sample maps to the same point.
     */
    static double normalizedStd(INDArray z) {
        INDArray n = z.div(z.norm2(1).addi(1e-12).reshape(z.size(0), 1));
        return n.std(true, 0).meanNumber().doubleValue();
    }

    /** Rows [0, B) and [B, 2B) of a 2B batch. */
    static INDArray[] halves(INDArray a, int b) {
        return new INDArray[] {a.get(NDArrayIndex.interval(0, b), NDArrayIndex.all()),
                a.get(NDArrayIndex.interval(b, 2 * b), NDArrayIndex.all())};
    }
}
