package org.hvs.ssl.method;

import org.deeplearning4j.nn.gradient.Gradient;
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
import org.hvs.core.train.Ema;
import org.hvs.core.train.GraphTraining;
import org.hvs.core.train.NonFiniteLossException;
import org.hvs.ssl.head.DinoHead;
import org.hvs.ssl.loss.DinoLoss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DINO (Caron et al., "Emerging Properties in Self-Supervised Vision Transformers", ICCV 2021):
 * self-distillation from an EMA teacher. The student (backbone + {@link DinoHead}) sees the two
 * global views and the local crops; the teacher, a deep copy updated by EMA with a momentum rising
 * on a cosine from 0.996 to 1, sees the global views; the loss is the cross-entropy between the
 * centred, sharpened teacher distribution and the student's ({@link DinoLoss}). The centre is an EMA
 * (0.9) of teacher outputs, updated explicitly after each step. As in facebookresearch/dino: the
 * last head layer is frozen during the first epoch, gradients are clipped per tensor (3.0), weight
 * decay rises on a cosine (0.04 to 0.4) and the teacher temperature warms up (0.04 to 0.07).
 *
 * <p>Hard View Selection (the paper's dino branch): candidates are recipe-1 x recipe-2 global pairs
 * (4 for 4 globals), optionally combined with subsets of the generated local crops (capped at
 * {@code compareLimit}); the teacher forwards all global candidates once, the student all globals
 * (and the locals it scores) once, and each candidate is scored with its sample's DINO loss at the
 * current centre and teacher temperature. Fixed (not selected) locals are left out of that score by
 * default, so a pair is scored by its two global-global terms; {@link DistillationBuilder#scoreLocals
 * scoreLocals(true)} counts them as the paper's code does. Selected locals are always scored.
 *
 * <pre>{@code
 * Dino dino = Dino.builder().backbone(backbone).outDim(1024).localCrops(4).build();
 * }</pre>
 */
public final class Dino implements SslMethod {
    private static final String HEAD = "head";

    private final Backbone backbone;
    private final DinoHead head;
    private final int outDim;
    private final int localCrops;
    private final boolean selectLocals;
    private final int compareLimit;
    private final double centerMomentum;
    private final boolean selectionTrainMode;
    private final Distillation distillation;
    private final DinoLoss loss;

    private ComputationGraph student;
    private ComputationGraph studentLocal;
    private ComputationGraph teacher;
    private INDArray center;
    private StepContext current;
    private long seed;

    Dino(DinoBuilder b) {
        this.backbone = b.backbone;
        this.outDim = b.outDim;
        this.head = b.head();
        this.localCrops = b.localCrops;
        this.selectLocals = b.selectLocals;
        this.compareLimit = b.compareLimit;
        this.centerMomentum = b.centerMomentum;
        this.selectionTrainMode = b.selectionTrainMode;
        this.distillation = new Distillation(b);
        this.loss = new DinoLoss(b.studentTemp);
    }

    public static DinoBuilder builder() {
        return new DinoBuilder();
    }

    @Override
    public String name() {
        return "dino";
    }

    /** Number of local crops the student trains on per sample. */
    public int localCrops() {
        return localCrops;
    }

    @Override
    public synchronized void initialize(TrainingSetup setup) {
        if (student != null) {
            return;
        }
        // weight decay is scheduled here (DINO's cosine 0.04 -> 0.4), so the updater gets none
        TransferLearning.GraphBuilder g = new TransferLearning.GraphBuilder(backbone.graph())
                .fineTuneConfiguration(setup.optimizer().withWeightDecay(0).fineTune(setup.seed()));
        head.add(g, HEAD, backbone.featureVertex());
        g.setOutputs(HEAD);
        student = g.build();
        GraphTraining.requireLeafOutputs(student);
        studentLocal = GraphTraining.twin(student);
        teacher = Ema.copyOf(student);
        center = Nd4j.zeros(DataType.FLOAT, 1, outDim);
        seed = setup.seed();
    }

    @Override
    public boolean isInitialized() {
        return student != null;
    }

    private void requireInitialized() {
        if (student == null) {
            throw new IllegalStateException("dino is not initialised: call initialize(setup) (HvsTrainer does) first");
        }
    }

    @Override
    public void beginStep(StepContext context) {
        this.current = context;
    }

    /** Teacher temperature at a step: linear warm-up over the first part of training, then constant. */
    double teacherTemperature(StepContext ctx) {
        return distillation.teacherTemperature(ctx);
    }

    @Override
    public List<Candidate> candidates(MultiViewBatch views) {
        return distillation.candidates(name(), views, selectLocals, compareLimit, current == null ? seed : seed ^ current.step());
    }

    @Override
    public INDArray scoreCandidates(MultiViewBatch views, List<Candidate> candidates) {
        requireInitialized();
        INDArray globals = Candidates.stackViews(views);
        INDArray t = GraphTraining.inference(teacher, globals, selectionTrainMode)[0];
        INDArray s = GraphTraining.inference(student, globals, selectionTrainMode)[0];
        List<INDArray> locals = new ArrayList<>();
        int usedLocals = selectLocals ? views.numLocalViews() : distillation.scoredLocals();
        if (usedLocals > 0) {
            INDArray all = Nd4j.concat(0, views.localViews().subList(0, usedLocals).toArray(new INDArray[0]));
            INDArray out = GraphTraining.inference(student, all, selectionTrainMode)[0];
            locals = Distillation.split(out, usedLocals, views.batchSize());
        }
        // without scored locals the pairs keep their locals for training; the global-global terms score them
        return loss.candidateScores(t, s, locals, views.numViews(), Distillation.scored(candidates, usedLocals), center,
                teacherTemperature(current));
    }

    @Override
    public StepOutput trainStep(TrainingViews views, StepContext ctx) {
        requireInitialized();
        double tTemp = teacherTemperature(ctx);
        Forward f = forward(views, tTemp);
        NonFiniteLossException.check(name(), f.loss().loss(), ctx.step(), ctx.epoch());
        Gradient grad = backward(f, views.batchSize());
        Map<String, Double> schedules = distillation.update(student, teacher, grad, ctx, HEAD);
        center = DinoLoss.updatedCenter(center, f.teacherOut(), centerMomentum);

        Map<String, Double> metrics = new LinkedHashMap<>(Distillation.collapseMetrics("", f.teacherOut().get(0), center,
                tTemp, f.studentOut().get(1), loss.studentTemp()));
        metrics.put("teacher_temp", tTemp);
        metrics.putAll(schedules);
        return new StepOutput(f.loss().loss(), metrics);
    }

    /** The outputs and loss of one training forward: teacher on the globals, student on globals and locals. */
    record Forward(List<INDArray> teacherOut, List<INDArray> studentOut, DinoLoss.Result loss) {
    }

    /** The training forward (train-mode batch norm, activations kept for {@link #backward}) and the loss. */
    Forward forward(TrainingViews views, double teacherTemp) {
        int b = views.batchSize();
        distillation.checkLocals(name(), views.locals().size());
        INDArray globals = Nd4j.concat(0, views.first(), views.second());
        INDArray[] tOut = GraphTraining.inference(teacher, globals, true);
        List<INDArray> teacherOut = Distillation.split(tOut[0], 2, b);
        List<INDArray> studentOut = studentForward(globals, views);
        return new Forward(teacherOut, studentOut, loss.compute(studentOut, teacherOut, center, teacherTemp));
    }

    /** The student's logits per view, globals then locals (locals through the twin that shares its parameters). */
    List<INDArray> studentForward(TrainingViews views) {
        return studentForward(Nd4j.concat(0, views.first(), views.second()), views);
    }

    /** As {@link #studentForward(TrainingViews)}, with the globals already concatenated (the teacher's input). */
    private List<INDArray> studentForward(INDArray globals, TrainingViews views) {
        int b = views.batchSize();
        INDArray sGlobal = GraphTraining.forward(student, globals)[0];
        List<INDArray> studentOut = new ArrayList<>(Distillation.split(sGlobal, 2, b));
        if (localCrops > 0) {
            INDArray sLocal = GraphTraining.forward(studentLocal, Nd4j.concat(0, views.locals().toArray(new INDArray[0])))[0];
            studentOut.addAll(Distillation.split(sLocal, localCrops, b));
        }
        return studentOut;
    }

    /** The gradient of the loss of {@code f} (the last forward) with respect to all student parameters. */
    Gradient backward(Forward f, int b) {
        List<INDArray> g = f.loss().gradStudent();
        Gradient grad = GraphTraining.backward(student, new INDArray[] {Nd4j.concat(0, g.get(0), g.get(1))});
        if (localCrops > 0) {
            Distillation.addTwinGradient(grad, studentLocal,
                    new INDArray[] {Nd4j.concat(0, g.subList(2, g.size()).toArray(new INDArray[0]))});
        }
        return grad;
    }

    /** Tests only: the networks and the centre in another floating-point type (double for finite differences). */
    void convertNetworks(DataType type) {
        requireInitialized();
        student = student.convertDataType(type);
        studentLocal = GraphTraining.twin(student);
        teacher = teacher.convertDataType(type);
        center = center.castTo(type);
    }

    /** Tests only: the student and the DINO loss. */
    ComputationGraph student() {
        requireInitialized();
        return student;
    }

    DinoLoss loss() {
        return loss;
    }

    /** Features of the teacher's backbone (DINO evaluates the teacher), inference mode. */
    @Override
    public INDArray features(INDArray images) {
        requireInitialized();
        return teacher.feedForward(images, false).get(backbone.featureVertex());
    }

    @Override
    public Map<String, ComputationGraph> networks() {
        requireInitialized();
        Map<String, ComputationGraph> m = new LinkedHashMap<>();
        m.put("student", student);
        m.put("teacher", teacher);
        return m;
    }

    @Override
    public Map<String, INDArray> state() {
        requireInitialized();
        return Map.of("center", center.dup());
    }

    @Override
    public void restoreState(Map<String, INDArray> state) {
        INDArray c = state.get("center");
        if (c == null || c.length() != outDim) {
            throw new IllegalArgumentException("checkpoint has no dino centre of size " + outDim);
        }
        center = c.castTo(DataType.FLOAT).reshape(1, outDim).dup();
    }

    /** The centre (a copy), {@code [1, K]}. */
    public INDArray center() {
        requireInitialized();
        return center.dup();
    }
}
