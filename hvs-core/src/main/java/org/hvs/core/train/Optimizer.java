package org.hvs.core.train;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.util.ArrayList;
import java.util.List;

/**
 * The optimiser a method's networks train with. The learning rate here is the base value; the
 * trainer's schedule sets the actual rate every step.
 *
 * <p>Weight decay is decoupled (Loshchilov and Hutter, "Decoupled Weight Decay Regularization"):
 * {@code w -= lr * wd * w} beside the update, so {@code adamW} is AdamW and {@code sgd} is SGD with
 * decoupled decay.
 *
 * <pre>{@code
 * Optimizer opt = Optimizer.adamW(1e-3, 0.04);
 * Optimizer sgd = Optimizer.sgd(0.05, 0.9, 1e-4);
 * }</pre>
 */
public final class Optimizer {
    public enum Kind { ADAMW, SGD }

    private final Kind kind;
    private final double learningRate;
    private final double momentum;
    private final double weightDecay;

    private Optimizer(Kind kind, double learningRate, double momentum, double weightDecay) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0 and finite, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0 and finite, got " + weightDecay);
        }
        this.kind = kind;
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    /** Adam with decoupled weight decay (betas 0.9, 0.999). */
    public static Optimizer adamW(double learningRate, double weightDecay) {
        return new Optimizer(Kind.ADAMW, learningRate, 0, weightDecay);
    }

    /** SGD with (Nesterov) momentum, or plain SGD when momentum is 0, and decoupled weight decay. */
    public static Optimizer sgd(double learningRate, double momentum, double weightDecay) {
        return new Optimizer(Kind.SGD, learningRate, momentum, weightDecay);
    }

    /** The same optimiser with another weight-decay coefficient (0 for methods that schedule their own). */
    public Optimizer withWeightDecay(double wd) {
        return new Optimizer(kind, learningRate, momentum, wd);
    }

    public Kind kind() {
        return kind;
    }

    public double learningRate() {
        return learningRate;
    }

    public double momentum() {
        return momentum;
    }

    public double weightDecay() {
        return weightDecay;
    }

    /** The DL4J updater for this optimiser. */
    public IUpdater updater() {
        return switch (kind) {
            case ADAMW -> new Adam(learningRate);
            case SGD -> momentum > 0 ? new Nesterovs(learningRate, momentum) : new Sgd(learningRate);
        };
    }

    /** The regularisation list (decoupled weight decay) for DL4J layer configurations. */
    public List<Regularization> regularization() {
        List<Regularization> r = new ArrayList<>();
        if (weightDecay > 0) {
            r.add(new WeightDecay(weightDecay, true));
        }
        return r;
    }

    /**
     * A fine-tune configuration that applies this optimiser to every layer of a graph, SameDiff layers
     * included: DL4J's own {@link FineTuneConfiguration} sets the updater and weight decay of
     * {@code BaseLayer}s only, so a backbone's SameDiff layers (the ViT's blocks) would keep the
     * placeholder updater they were built with.
     */
    public FineTuneConfiguration fineTune(long seed) {
        FineTuneConfiguration base = new FineTuneConfiguration.Builder()
                .updater(updater())
                .weightDecay(weightDecay, true)
                .seed(seed)
                .trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE)
                .build();
        SameDiffAwareFineTune ft = new SameDiffAwareFineTune();
        ft.setUpdater(base.getUpdater());
        ft.setRegularization(base.getRegularization());
        ft.setRegularizationBias(base.getRegularizationBias());
        ft.setRemoveWD(base.isRemoveWD());
        ft.setSeed(base.getSeed());
        ft.setTrainingWorkspaceMode(base.getTrainingWorkspaceMode());
        ft.setInferenceWorkspaceMode(base.getInferenceWorkspaceMode());
        return ft;
    }

    /** DL4J's fine-tune configuration, extended to SameDiff layers (updater and weight-parameter decay). */
    static final class SameDiffAwareFineTune extends FineTuneConfiguration {
        @Override
        public void applyToNeuralNetConfiguration(NeuralNetConfiguration nnc) {
            super.applyToNeuralNetConfiguration(nnc);
            if (nnc.getLayer() instanceof AbstractSameDiffLayer sd) {
                if (getUpdater() != null) {
                    sd.setUpdater(getUpdater().clone());
                    sd.setBiasUpdater(null);
                }
                List<Regularization> r = new ArrayList<>();
                if (getRegularization() != null) {
                    r.addAll(getRegularization());
                }
                sd.setRegularization(r);
                sd.setRegularizationBias(new ArrayList<>());
            }
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + "(lr=" + learningRate + (kind == Kind.SGD ? ", momentum=" + momentum : "")
                + ", wd=" + weightDecay + ")";
    }
}
