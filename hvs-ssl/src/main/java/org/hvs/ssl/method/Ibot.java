package org.hvs.ssl.method;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
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
import org.hvs.ssl.backbone.BackbonePreset;
import org.hvs.ssl.backbone.vit.VisionTransformer;
import org.hvs.ssl.head.DinoHead;
import org.hvs.ssl.head.WeightNormLinear;
import org.hvs.ssl.loss.DinoLoss;
import org.hvs.ssl.loss.IbotPatchLoss;
import org.hvs.ssl.mask.BlockMasking;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * iBOT (Zhou et al., "iBOT: Image BERT Pre-Training with Online Tokenizer", ICLR 2022;
 * bytedance/ibot {@code main_ibot.py}): DINO's self-distillation on the CLS token plus masked image
 * modelling on the patch tokens. The student is the masked {@link VisionTransformer} with a
 * {@link DinoHead} on every token (one head for CLS and patches, iBOT's {@code shared_head}, or a
 * separate last layer for the patches; with batch norm in the head, {@link DistillationBuilder#headBn},
 * a whole head for the CLS token and another for the patches, so that each normalises over its own
 * rows); the teacher, a deep copy moved by EMA (momentum 0.996 rising
 * on a cosine to 1), sees the global views unmasked; the student sees them with iBOT's block masks
 * ({@link BlockMasking}) and the local crops unmasked. Loss = lambda1 x the CLS term ({@link DinoLoss}:
 * teacher globals x student views except a view with itself, centre {@code center}) + the masked
 * patch term ({@link IbotPatchLoss}, weighted by lambda2, its own centre {@code center2} and warming
 * teacher temperature). Both centres are updated explicitly after the step. As DINO: last layer(s)
 * frozen in the first epoch, per-tensor gradient clipping, weight decay on a cosine (0.04 to 0.4);
 * metrics watch collapse for the CLS and the patch distributions.
 *
 * <p>Hard View Selection (the ibot branch of the paper's code, {@code hv_forward}): candidates are the
 * recipe-1 x recipe-2 global pairs, with the training local crops (not selected); ONE no-gradient
 * teacher forward over all candidate globals (unmasked), ONE student forward over all candidate
 * globals with their masks (and one over the locals with {@link DistillationBuilder#scoreLocals
 * scoreLocals(true)}); score = lambda1 x the sample's CLS term (its global-global terms, by default)
 * + its masked patch term. The masks come from (seed, epoch, image, candidate view) alone, and the training
 * step rebuilds them from the chosen views' {@link org.hvs.core.method.ViewOrigin}, so a view trains
 * with the mask it was scored with.
 *
 * <pre>{@code
 * Backbone vit = Backbone.of(VisionTransformer.tiny().build().build(), 3, 32, 32);
 * Ibot ibot = Ibot.builder().backbone(vit).outDim(1024).localCrops(2).build();
 * }</pre>
 */
public final class Ibot implements SslMethod {
    static final String HEAD = "head";
    static final String HEAD_PATCH = "head_patch";
    static final String TOKEN_ROWS = "token_rows";

    private final Backbone backbone;
    private final DinoHead head;
    private final boolean sharedHead;
    private final boolean splitHeads;
    private final int outDim;
    private final int patchOutDim;
    private final int localCrops;
    private final double lambda1;
    private final double patchTempStart;
    private final double patchTemp;
    private final double centerMomentum;
    private final double centerMomentum2;
    private final boolean selectionTrainMode;
    private final BlockMasking maskingSetting;
    private final Distillation distillation;
    private final DinoLoss clsLoss;
    private final IbotPatchLoss patchLoss;

    private ComputationGraph student;
    private ComputationGraph studentLocal;
    private ComputationGraph teacher;
    private IbotMasks masks;
    private INDArray center;
    private INDArray center2;
    private StepContext current;
    private long seed;

    Ibot(IbotBuilder b) {
        VisionTransformer.from(b.backbone.graph()); // fails early, with a message, on a non-ViT backbone
        this.backbone = b.backbone;
        this.head = b.head();
        // batch norm in the head: the CLS rows and the patch rows get a head each, so that their batch
        // statistics stay apart (the CLS rows are 1 in 1+T of all token rows; mixed in, the CLS outputs
        // keep their image-independent part and the CLS teacher goes uniform)
        this.splitHeads = head.useBn();
        this.sharedHead = b.sharedHead && !splitHeads;
        this.outDim = b.outDim;
        this.patchOutDim = sharedHead || b.patchOutDim < 0 ? b.outDim : b.patchOutDim;
        this.localCrops = b.localCrops;
        this.lambda1 = b.lambda1;
        this.patchTempStart = b.patchTeacherTempStart;
        this.patchTemp = b.patchTeacherTemp;
        this.centerMomentum = b.centerMomentum;
        this.centerMomentum2 = b.centerMomentum2;
        this.selectionTrainMode = b.selectionTrainMode;
        this.maskingSetting = b.masking;
        this.distillation = new Distillation(b);
        this.clsLoss = new DinoLoss(b.studentTemp);
        this.patchLoss = new IbotPatchLoss(b.studentTemp, b.lambda2);
    }

    public static IbotBuilder builder() {
        return new IbotBuilder();
    }

    @Override
    public String name() {
        return "ibot";
    }

    public int localCrops() {
        return localCrops;
    }

    @Override
    public synchronized void initialize(TrainingSetup setup) {
        if (student != null) {
            return;
        }
        VisionTransformer vit = VisionTransformer.from(backbone.graph());
        // weight decay is scheduled here (cosine 0.04 -> 0.4), so the updater gets none
        TransferLearning.GraphBuilder g = new TransferLearning.GraphBuilder(VisionTransformer.masked(backbone.graph()))
                .fineTuneConfiguration(setup.optimizer().withWeightDecay(0).fineTune(setup.seed()));
        if (splitHeads) {
            // CLS [R, D] -> head [R, K]; patches [R, D, T] -> [T*R, D] token-major -> head_patch [T*R, K2]
            g.addVertex(TOKEN_ROWS, new PreprocessorVertex(new RnnToFeedForwardPreProcessor(RNNFormat.NCW)),
                    VisionTransformer.PATCH_TOKENS);
            head.add(g, HEAD, BackbonePreset.FEATURES);
            DinoHead.builder().inDim(head.inDim()).hiddenDim(head.hiddenDim()).bottleneckDim(head.bottleneckDim())
                    .outDim(patchOutDim).nLayers(head.nLayers()).normLastLayer(head.normLastLayer()).useBn(true).build()
                    .add(g, HEAD_PATCH, TOKEN_ROWS);
            // not FEATURES among the outputs: DL4J gives an output vertex the external epsilon in place
            // of what the layers it feeds send back, so the CLS head's gradient would stop there and the
            // backbone would train on the patch term alone (IbotTest checks the CLS term reaches it)
            g.setOutputs(HEAD, HEAD_PATCH);
            finishInitialize(g, vit, setup);
            return;
        }
        g.removeVertexAndConnections(VisionTransformer.PATCH_TOKENS);
        // every token through the head: [R, D, 1+T] -> [(1+T)*R, D], token-major (see TokenRows)
        g.addVertex(TOKEN_ROWS, new PreprocessorVertex(new RnnToFeedForwardPreProcessor(RNNFormat.NCW)), VisionTransformer.NORM);
        head.add(g, HEAD, TOKEN_ROWS);
        if (sharedHead) {
            g.setOutputs(HEAD, BackbonePreset.FEATURES);
        } else {
            g.addLayer(HEAD_PATCH, new WeightNormLinear.Builder().nIn(head.bottleneckDim()).nOut(patchOutDim)
                    .fixedScale(head.normLastLayer()).build(), DinoHead.bottleneckName(HEAD));
            g.setOutputs(HEAD, HEAD_PATCH, BackbonePreset.FEATURES);
        }
        finishInitialize(g, vit, setup);
    }

    private void finishInitialize(TransferLearning.GraphBuilder g, VisionTransformer vit, TrainingSetup setup) {
        student = g.build();
        GraphTraining.requireLeafOutputs(student);
        studentLocal = GraphTraining.twin(student);
        teacher = Ema.copyOf(student);
        center = Nd4j.zeros(DataType.FLOAT, 1, outDim);
        center2 = Nd4j.zeros(DataType.FLOAT, 1, 1, patchOutDim);
        BlockMasking m = maskingSetting != null ? maskingSetting : BlockMasking.builder().seed(setup.seed()).build();
        masks = new IbotMasks(m, vit.patchSize(), vit.gridSize(), vit.gridSize());
        seed = setup.seed();
    }

    @Override
    public boolean isInitialized() {
        return student != null;
    }

    private void requireInitialized() {
        if (student == null) {
            throw new IllegalStateException("ibot is not initialised: call initialize(setup) (HvsTrainer does) first");
        }
    }

    @Override
    public void beginStep(StepContext context) {
        this.current = context;
    }

    double teacherTemperature(StepContext ctx) {
        return distillation.teacherTemperature(ctx);
    }

    double patchTeacherTemperature(StepContext ctx) {
        return distillation.warmedUp(patchTempStart, patchTemp, ctx);
    }

    @Override
    public List<Candidate> candidates(MultiViewBatch views) {
        return distillation.candidates(name(), views, false, 0, current == null ? seed : seed ^ current.step());
    }

    /** CLS outputs {@code [R, K]} and patch outputs {@code [R, T, K2]} of one forward over R images. */
    record Tokens(INDArray cls, INDArray patches) {
    }

    private Tokens tokens(INDArray[] out, long rows) {
        if (splitHeads) {
            return new Tokens(out[0], TokenRows.patchRows(out[1], rows));
        }
        return new Tokens(TokenRows.cls(out[0], rows), TokenRows.patches(sharedHead ? out[0] : out[1], rows));
    }

    @Override
    public INDArray scoreCandidates(MultiViewBatch views, List<Candidate> candidates) {
        requireInitialized();
        int epoch = current == null ? 0 : current.epoch();
        INDArray globals = Candidates.stackViews(views);
        long rows = globals.size(0);
        INDArray m = masks.candidates(views, epoch);
        Tokens t = tokens(GraphTraining.inference(teacher, new INDArray[] {globals, masks.none(globals)}, selectionTrainMode),
                rows);
        Tokens s = tokens(GraphTraining.inference(student, new INDArray[] {globals, masks.input(m, globals)}, selectionTrainMode),
                rows);
        List<INDArray> locals = new ArrayList<>();
        int scoredLocals = distillation.scoredLocals();
        if (scoredLocals > 0) {
            INDArray all = Nd4j.concat(0, views.localViews().subList(0, scoredLocals).toArray(new INDArray[0]));
            INDArray out = GraphTraining.inference(student, new INDArray[] {all, masks.none(all)}, selectionTrainMode)[0];
            locals = Distillation.split(TokenRows.cls(out, all.size(0)), scoredLocals, views.batchSize());
        }
        StepContext ctx = current;
        INDArray cls = clsLoss.candidateScores(t.cls(), s.cls(), locals, views.numViews(),
                Distillation.scored(candidates, scoredLocals), center,
                teacherTemperature(ctx)).muli(lambda1);
        return cls.addi(patchLoss.candidateScores(s.patches(), t.patches(), m, center2, patchTeacherTemperature(ctx),
                views.numViews(), candidates));
    }

    @Override
    public StepOutput trainStep(TrainingViews views, StepContext ctx) {
        requireInitialized();
        int b = views.batchSize();
        distillation.checkLocals(name(), views.locals().size());
        double tTemp = teacherTemperature(ctx);
        double pTemp = patchTeacherTemperature(ctx);
        INDArray globals = Nd4j.concat(0, views.first(), views.second());
        INDArray m = masks.chosen(views, ctx.epoch());
        Tokens t = tokens(GraphTraining.inference(teacher, new INDArray[] {globals, masks.none(globals)}, true), 2L * b);
        Tokens s = tokens(GraphTraining.forward(student, new INDArray[] {globals, masks.input(m, globals)}), 2L * b);
        List<INDArray> teacherCls = Distillation.split(t.cls(), 2, b);
        List<INDArray> studentCls = new ArrayList<>(Distillation.split(s.cls(), 2, b));
        INDArray locals = null;
        if (localCrops > 0) {
            locals = Nd4j.concat(0, views.locals().toArray(new INDArray[0]));
            INDArray out = GraphTraining.forward(studentLocal, new INDArray[] {locals, masks.none(locals)})[0];
            studentCls.addAll(Distillation.split(TokenRows.cls(out, locals.size(0)), localCrops, b));
        }
        DinoLoss.Result rc = clsLoss.compute(studentCls, teacherCls, center, tTemp);
        IbotPatchLoss.Result rp = patchLoss.compute(s.patches(), t.patches(), m, center2, pTemp);
        double loss = lambda1 * rc.loss() + rp.loss();
        NonFiniteLossException.check(name(), loss, ctx.step(), ctx.epoch());

        List<INDArray> g = rc.gradStudent();
        INDArray clsGrad = Nd4j.concat(0, g.get(0), g.get(1)).muli(lambda1);
        Gradient grad = GraphTraining.backward(student, epsilons(clsGrad, rp.gradStudent(), 2L * b, s.patches().size(1)));
        if (localCrops > 0) {
            INDArray localCls = Nd4j.concat(0, g.subList(2, g.size()).toArray(new INDArray[0])).muli(lambda1);
            long localTokens = (locals.size(2) / masks.patch()) * (locals.size(3) / masks.patch());
            Distillation.addTwinGradient(grad, studentLocal, epsilons(localCls, null, locals.size(0), localTokens));
        }
        Map<String, Double> schedules = sharedHead ? distillation.update(student, teacher, grad, ctx, HEAD)
                : distillation.update(student, teacher, grad, ctx, HEAD, HEAD_PATCH);
        center = DinoLoss.updatedCenter(center, teacherCls, centerMomentum);
        center2 = IbotPatchLoss.updatedCenter(center2, t.patches(), centerMomentum2);

        Map<String, Double> metrics = new LinkedHashMap<>(Distillation.collapseMetrics("", teacherCls.get(0), center, tTemp,
                studentCls.get(1), clsLoss.studentTemp()));
        long k2 = patchOutDim;
        metrics.putAll(Distillation.collapseMetrics("patch_", t.patches().reshape(t.patches().length() / k2, k2),
                center2, pTemp, s.patches().reshape(s.patches().length() / k2, k2), clsLoss.studentTemp()));
        metrics.put("cls_loss", rc.loss());
        metrics.put("patch_loss", rp.loss());
        metrics.put("mask_share", m.meanNumber().doubleValue());
        metrics.put("teacher_temp", tTemp);
        metrics.put("teacher_patch_temp", pTemp);
        metrics.putAll(schedules);
        return new StepOutput(loss, metrics);
    }

    /**
     * The epsilons of the student's outputs for CLS and patch gradients: (head, patch head) with split
     * heads, else (head, [patch head,] features).
     */
    private INDArray[] epsilons(INDArray clsGrad, INDArray patchGrad, long rows, long tokens) {
        if (splitHeads) {
            INDArray patchRows = patchGrad != null ? TokenRows.toPatchRows(patchGrad)
                    : Nd4j.zeros(DataType.FLOAT, tokens * rows, patchOutDim);
            return new INDArray[] {clsGrad, patchRows};
        }
        INDArray features = Nd4j.zeros(DataType.FLOAT, rows, backbone.featureDim());
        if (sharedHead) {
            return new INDArray[] {TokenRows.merge(clsGrad, patchGrad, rows, tokens, outDim), features};
        }
        return new INDArray[] {TokenRows.merge(clsGrad, null, rows, tokens, outDim),
                TokenRows.merge(null, patchGrad, rows, tokens, patchOutDim), features};
    }

    /** The student's masks for these training views, {@code [2B, T]} (first views, then second views). */
    INDArray trainingMasks(TrainingViews views, int epoch) {
        requireInitialized();
        return masks.chosen(views, epoch);
    }

    /** The masks the scoring forward gives the candidate views, {@code [N*B, T]} view-major. */
    INDArray candidateMasks(MultiViewBatch views, int epoch) {
        requireInitialized();
        return masks.candidates(views, epoch);
    }

    /** CLS features of the teacher's backbone (iBOT evaluates the teacher), unmasked, inference mode. */
    @Override
    public INDArray features(INDArray images) {
        requireInitialized();
        return encode(teacher, images);
    }

    /**
     * The {@value BackbonePreset#FEATURES} of a graph for unmasked images: a plain ViT (or any
     * backbone) gets the images, a masked one (iBOT's student or teacher, e.g. from a checkpoint) also
     * an all-zero mask.
     */
    public static INDArray encode(ComputationGraph graph, INDArray images) {
        if (graph.getConfiguration().getNetworkInputs().size() == 1) {
            return graph.feedForward(images, false).get(BackbonePreset.FEATURES);
        }
        int patch = VisionTransformer.from(graph).patchSize();
        INDArray none = Nd4j.zeros(DataType.FLOAT, images.size(0), 1, images.size(2) / patch, images.size(3) / patch);
        return graph.feedForward(new INDArray[] {images, none}, false).get(BackbonePreset.FEATURES);
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
        return Map.of("center", center.dup(), "center2", center2.dup());
    }

    @Override
    public void restoreState(Map<String, INDArray> state) {
        INDArray c = state.get("center");
        INDArray c2 = state.get("center2");
        if (c == null || c.length() != outDim || c2 == null || c2.length() != patchOutDim) {
            throw new IllegalArgumentException("checkpoint has no ibot centres of sizes " + outDim + " (center) and "
                    + patchOutDim + " (center2)");
        }
        center = c.castTo(DataType.FLOAT).reshape(1, outDim).dup();
        center2 = c2.castTo(DataType.FLOAT).reshape(1, 1, patchOutDim).dup();
    }

    /** The CLS centre (a copy), {@code [1, K]}. */
    public INDArray center() {
        requireInitialized();
        return center.dup();
    }

    /** The patch centre {@code center2} (a copy), {@code [1, 1, K2]}. */
    public INDArray center2() {
        requireInitialized();
        return center2.dup();
    }
}
