package org.hvs.ssl.method;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hvs.augment.MultiViewBatch;
import org.hvs.core.method.StepContext;
import org.hvs.core.schedule.Schedule;
import org.hvs.core.select.Candidate;
import org.hvs.core.train.Ema;
import org.hvs.core.train.GradientClipping;
import org.hvs.core.train.GraphTraining;
import org.hvs.ssl.loss.DinoLoss;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machinery DINO and iBOT share around their losses (facebookresearch/dino {@code main_dino.py},
 * bytedance/ibot {@code main_ibot.py}): the teacher-temperature warm-up, the candidate global pairs,
 * and the update after the backward pass: last layer frozen during the first epochs, per-tensor
 * gradient clipping, the optimiser step, weight decay on a cosine, the teacher's EMA with a momentum
 * on a cosine (DINO's: rising to 1); plus the collapse-watch metrics.
 */
final class Distillation {
    private final double teacherTempStart;
    private final double teacherTemp;
    private final double warmupFraction;
    private final double momentumStart;
    private final double momentumEnd;
    private final double clipGrad;
    private final int freezeLastLayerEpochs;
    private final double weightDecayStart;
    private final double weightDecayEnd;
    private final int localCrops;
    private final boolean scoreLocals;

    Distillation(DistillationBuilder<?> b) {
        this.teacherTempStart = b.teacherTempStart;
        this.teacherTemp = b.teacherTemp;
        this.warmupFraction = b.warmupTeacherTempFraction;
        this.momentumStart = b.momentumStart;
        this.momentumEnd = b.momentumEnd;
        this.clipGrad = b.clipGrad;
        this.freezeLastLayerEpochs = b.freezeLastLayerEpochs;
        this.weightDecayStart = b.weightDecayStart;
        this.weightDecayEnd = b.weightDecayEnd;
        this.localCrops = b.localCrops;
        this.scoreLocals = b.scoreLocals;
    }

    /** The fixed local crops the selection forwards and scores: all of them, or none when the score leaves them out. */
    int scoredLocals() {
        return scoreLocals ? localCrops : 0;
    }

    /** The candidates as the score sees them: without their locals when no local is scored. */
    static List<Candidate> scored(List<Candidate> candidates, int scoredLocals) {
        return scoredLocals > 0 ? candidates : candidates.stream().map(c -> Candidate.pair(c.first(), c.second())).toList();
    }

    int localCrops() {
        return localCrops;
    }

    /** The (CLS) teacher temperature at a step: linear warm-up over the first part of training, then constant. */
    double teacherTemperature(StepContext ctx) {
        return warmedUp(teacherTempStart, teacherTemp, ctx);
    }

    /** {@code start} warming linearly to {@code end} over the warm-up fraction of training; {@code start} without a context. */
    double warmedUp(double start, double end, StepContext ctx) {
        if (ctx == null) {
            return start;
        }
        long warm = Math.round(warmupFraction * ctx.totalSteps());
        return warm <= 0 ? end : Schedule.warmupThenConstant(start, end, warm).valueAt(ctx.step());
    }

    /**
     * Recipe-1 x recipe-2 global pairs, each with local crops: the first {@link #localCrops} when
     * {@code selectLocals} is off, else subsets of all generated locals capped at {@code compareLimit}.
     */
    List<Candidate> candidates(String method, MultiViewBatch views, boolean selectLocals, int compareLimit, long seed) {
        int[] recipes = new int[views.numViews()];
        for (int v = 0; v < recipes.length; v++) {
            recipes[v] = views.globalRecipeIndex(v);
        }
        if (views.numLocalViews() < localCrops) {
            throw new IllegalArgumentException(method + " trains on " + localCrops + " local crops per sample but the views have "
                    + views.numLocalViews());
        }
        int generated = selectLocals ? views.numLocalViews() : localCrops;
        return DinoLoss.candidates(recipes, generated, localCrops, selectLocals ? compareLimit : 0, seed);
    }

    /** Checks that the training views carry the local crops the method trains on. */
    void checkLocals(String method, int locals) {
        if (locals != localCrops) {
            throw new IllegalArgumentException(method + " expects " + localCrops + " local crops per sample, got " + locals);
        }
    }

    /**
     * Adds the gradient of a second forward (on {@code twin}, which shares {@code student}'s parameters:
     * the local crops) to {@code gradient}, the student's gradient from its own last backward.
     */
    static void addTwinGradient(Gradient gradient, ComputationGraph twin, INDArray[] epsilons) {
        INDArray keep = gradient.gradient().dup();
        INDArray twinFlat = GraphTraining.backward(twin, epsilons).gradient();
        gradient.gradient().assign(keep.addi(twinFlat));
    }

    /**
     * Everything after the backward pass: zero the gradient of {@code lastLayers} during the first
     * epochs, clip, update the student, decay its weights, move the teacher by EMA.
     *
     * @return the schedules' values for the step's metrics ({@code teacher_momentum}, {@code weight_decay})
     */
    Map<String, Double> update(ComputationGraph student, ComputationGraph teacher, Gradient grad, StepContext ctx,
                               String... lastLayers) {
        if (ctx.epoch() < freezeLastLayerEpochs) {
            for (String layer : lastLayers) {
                GraphTraining.zeroLayerGradient(student, grad, layer);
            }
        }
        if (clipGrad > 0) {
            GradientClipping.clipPerLayer(grad, clipGrad);
        }
        GraphTraining.update(student, grad, ctx.step(), ctx.epoch(), ctx.learningRate());
        double wd = Schedule.cosine(weightDecayStart, weightDecayEnd, ctx.totalSteps()).valueAt(ctx.step());
        GraphTraining.decayWeights(student, ctx.learningRate() * wd);
        double m = Schedule.cosine(momentumStart, momentumEnd, ctx.totalSteps()).valueAt(ctx.step());
        Ema.update(teacher, student, m);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("teacher_momentum", m);
        metrics.put("weight_decay", wd);
        return metrics;
    }

    /**
     * The collapse watch: mean teacher entropy, KL(teacher || student) and ln K, keys prefixed with
     * {@code prefix}. A loss stuck near ln K with entropy near ln K and KL near 0 is DINO's collapse.
     *
     * @param teacherLogits {@code [R, K]}, centred with {@code center} and sharpened at {@code teacherTemp}
     * @param studentLogits {@code [R, K]}, at {@code studentTemp}
     */
    static Map<String, Double> collapseMetrics(String prefix, INDArray teacherLogits, INDArray center, double teacherTemp,
                                               INDArray studentLogits, double studentTemp) {
        INDArray tProbs = DinoLoss.teacherProbs(teacherLogits, center, teacherTemp);
        INDArray sProbs = Transforms.exp(DinoLoss.logSoftmax(studentLogits, studentTemp), false);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(prefix + "teacher_entropy", DinoLoss.entropy(tProbs));
        metrics.put(prefix + "kl_teacher_student", DinoLoss.klTeacherStudent(tProbs, sProbs));
        metrics.put(prefix + "ln_k", Math.log(teacherLogits.size(1)));
        return metrics;
    }

    /** Rows {@code [view*b, (view+1)*b)} of a view-major stack {@code [V*b, ...]} (a view of the array). */
    static INDArray rows(INDArray stacked, int view, long b) {
        INDArrayIndex[] idx = new INDArrayIndex[stacked.rank()];
        idx[0] = NDArrayIndex.interval(view * b, (view + 1) * b);
        for (int d = 1; d < idx.length; d++) {
            idx[d] = NDArrayIndex.all();
        }
        return stacked.get(idx);
    }

    /** A view-major stack {@code [n*b, ...]} split into its n blocks of b rows. */
    static List<INDArray> split(INDArray stacked, int n, long b) {
        List<INDArray> out = new ArrayList<>(n);
        for (int v = 0; v < n; v++) {
            out.add(rows(stacked, v, b));
        }
        return out;
    }
}
