package org.hvs.examples.cli;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hvs.core.train.BlasThreads;
import org.hvs.core.train.GraphTraining;
import org.hvs.core.train.NativeMemoryGuard;
import org.hvs.ssl.backbone.BackbonePreset;
import org.hvs.ssl.backbone.BackboneSpeed;
import org.hvs.ssl.backbone.SmallCnn;
import org.hvs.ssl.backbone.SmallResNet;
import org.hvs.ssl.backbone.vit.VisionTransformer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The backbone part of {@code hvs bench}: for a preset on 32x32 RGB images, inference of a batch
 * (256 by default) and a training step of a batch (128; feedForward, backprop from an external
 * error, updater, parameter update), measured interleaved call by call, their achieved GFLOP/s
 * (convolutions only, a training step counted as 3x the forward FLOPs) and the machine's sgemm
 * GFLOP/s (n = 2048), measured just before and just after them.
 *
 * <p>Inference is timed as the library runs its no-gradient forwards (HVS's selection forward, DINO's
 * teacher; {@code GraphTraining.inference}: inside DL4J workspaces, so activations reuse memory), and
 * beside it as a plain {@code ComputationGraph.output} call (every activation a new array). The sgemm
 * runs in blocks rather than between the timed calls: it needs an idle pause after it (OpenBLAS's
 * workers spin ~0.1 s), and on this VM the first call after any pause of ~0.3 s ran 1.5x slower
 * (SmallCnn inference 25 -> 40 ms, 2026-12-07), which timed the pause rather than the work.
 */
final class BackboneBench {
    /** Presets by their bench name: the standard small backbone and the ResNet presets. */
    static final List<String> PRESETS = List.of("smallcnn", "resnet16", "resnet32");
    /** Presets benched only when named (slow on CPU: DL4J runs the ViT's blocks through SameDiff). */
    static final List<String> EXTRA = List.of("vit-tiny");
    static final List<String> ALL = java.util.stream.Stream.concat(PRESETS.stream(), EXTRA.stream()).toList();
    static final int SGEMM_N = 2048;
    static final int IMAGE = 32;
    static final int SETTLE_MS = 300;

    private BackboneBench() {
    }

    static BackbonePreset preset(String name) {
        return switch (name) {
            case "smallcnn" -> SmallCnn.builder().build();
            case "resnet16" -> SmallResNet.builder().width(16).build();
            case "resnet32" -> SmallResNet.builder().width(32).build();
            case "vit-tiny" -> VisionTransformer.tiny().build();
            default -> throw new Args.UsageException("--backbones must be among " + ALL + " or none, got '" + name + "'");
        };
    }

    /** Key prefix in the JSON: none for the standard small backbone (the keys), else the name. */
    static String prefix(String name) {
        return name.equals("smallcnn") ? "" : name + "_";
    }

    /**
     * Benchmarks one preset and adds its keys to {@code json}: {@code [P_]sgemm_gflops, infer_ms_b256,
     * infer_gflops, infer_pct_sgemm, train_ms_b128, train_gflops, train_pct_sgemm} (+ spread and stalls).
     */
    static void run(String name, int inferBatch, int trainBatch, Sampler.Warmup warmup, int repeats, Map<String, Object> json,
                    PrintStream out) {
        BackbonePreset preset = preset(name);
        ComputationGraph graph = preset.build();
        double flops = BackboneSpeed.forwardFlopsPerImage(graph)
                + (preset instanceof VisionTransformer vit ? vit.blockFlopsPerImage(IMAGE) : 0);
        Nd4j.getRandom().setSeed(1);
        INDArray xInfer = Nd4j.rand(DataType.FLOAT, inferBatch, 3, IMAGE, IMAGE);
        INDArray xTrain = Nd4j.rand(DataType.FLOAT, trainBatch, 3, IMAGE, IMAGE);
        INDArray eps = Nd4j.rand(DataType.FLOAT, trainBatch, preset.featureDim()).muli(1e-3);
        INDArray a = Nd4j.rand(DataType.FLOAT, SGEMM_N, SGEMM_N);
        INDArray b = Nd4j.rand(DataType.FLOAT, SGEMM_N, SGEMM_N);
        INDArray c = Nd4j.create(DataType.FLOAT, SGEMM_N, SGEMM_N);
        int[] iteration = {0};
        int cores = Runtime.getRuntime().availableProcessors();
        // the machine's sgemm with every core, whatever BlasThreads set for training
        Runnable sgemmWork = () -> BlasThreads.with(cores, () -> a.mmuli(b, c));
        Samples sgemmBefore = Sampler.run("sgemm", 1, repeats, sgemmWork);
        settleBlas();
        List<Samples> s = Sampler.interleaved(warmup, repeats, List.of("infer", "infer plain", "train"), List.of(
                () -> {
                    GraphTraining.inference(graph, xInfer, false);   // as the no-gradient forwards of HVS run
                    NativeMemoryGuard.shared().check();   // as HvsTrainer.step does: bounded native memory
                },
                () -> {
                    graph.output(false, xInfer);   // a plain DL4J output() call, without workspaces
                    NativeMemoryGuard.shared().check();
                },
                () -> {
                    BackboneSpeed.step(graph, xTrain, eps, iteration[0]++);
                    NativeMemoryGuard.shared().check();
                }));
        Samples sgemm = Samples.merge("sgemm", sgemmBefore, Sampler.run("sgemm", 0, repeats, sgemmWork));
        settleBlas();
        Samples infer = s.get(0);
        Samples inferPlain = s.get(1);
        Samples train = s.get(2);
        double sgemmGf = 2.0 * SGEMM_N * SGEMM_N * SGEMM_N / sgemm.median() / 1e6;
        double inferGf = flops * inferBatch / infer.median() / 1e6;
        double inferPlainGf = flops * inferBatch / inferPlain.median() / 1e6;
        double trainGf = 3 * flops * trainBatch / train.median() / 1e6;
        String p = prefix(name);
        json.put(p + "mflop_per_image", Samples.round(flops / 1e6));
        json.put(p + "sgemm_gflops", Samples.round(sgemmGf));
        json.put(p + "sgemm_spread_pct", Samples.round(sgemm.spreadPct()));
        infer.putInto(json, p + "infer_ms_b256");
        json.put(p + "infer_gflops", Samples.round(inferGf));
        json.put(p + "infer_pct_sgemm", Samples.round(100 * inferGf / sgemmGf));
        inferPlain.putInto(json, p + "infer_plain_ms_b256");
        json.put(p + "infer_plain_gflops", Samples.round(inferPlainGf));
        train.putInto(json, p + "train_ms_b128");
        json.put(p + "train_gflops", Samples.round(trainGf));
        json.put(p + "train_pct_sgemm", Samples.round(100 * trainGf / sgemmGf));
        out.printf(Locale.ROOT, "%-9s %.1f MFLOP/img | sgemm %.0f GFLOP/s (spread %.0f%%)%n", name, flops / 1e6, sgemmGf,
                sgemm.spreadPct());
        out.printf(Locale.ROOT, "          infer b%d %s = %.1f GFLOP/s, %.0f%% of sgemm%n", inferBatch, infer.describe(),
                inferGf, 100 * inferGf / sgemmGf);
        out.printf(Locale.ROOT, "          (plain output() b%d %s = %.1f GFLOP/s, %.0f%%)%n", inferBatch,
                inferPlain.describe(), inferPlainGf, 100 * inferPlainGf / sgemmGf);
        out.printf(Locale.ROOT, "          train b%d %s = %.1f GFLOP/s, %.0f%% of sgemm%n", trainBatch, train.describe(),
                trainGf, 100 * trainGf / sgemmGf);
    }

    /** Untimed pause after the all-core sgemm: OpenBLAS's workers spin ~0.1 s after a call before they sleep. */
    static void settleBlas() {
        try {
            Thread.sleep(SETTLE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Peak resident memory (VmHWM) after {@code calls} inferences of the standard small backbone at
     * {@code batch}, run before anything else in the bench so the peak belongs to that batch size.
     */
    static long peakRssAfterInference(int batch, int calls) {
        ComputationGraph graph = preset("smallcnn").build();
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 3, IMAGE, IMAGE);
        for (int i = 0; i < calls; i++) {
            graph.output(false, x);
            NativeMemoryGuard.shared().check();
        }
        return ProcessMemory.peakRssBytes();
    }
}
