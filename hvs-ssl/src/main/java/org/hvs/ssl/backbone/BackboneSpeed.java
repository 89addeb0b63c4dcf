package org.hvs.ssl.backbone;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Benchmark main class (prints to stdout): inference of a batch of 256 and a training step of a batch of
 * 128 (feedForward, backpropGradient from an external error, updater, {@code params().subi}, the path of
 * {@code GraphTraining}) for SmallCnn and SmallResNet widths 16 and 32 on 32x32 RGB images, DL4J's layers
 * against the fast ones, with the achieved GFLOP/s (convolutions only; a training step counts 3x the
 * forward FLOPs; times are medians) and the machine's sgemm GFLOP/s (n = 2048) for reference.
 *
 * <pre>
 * java -cp ... org.hvs.ssl.backbone.BackboneSpeed [repeats]
 * </pre>
 */
public final class BackboneSpeed {

    /** Untimed calls before timing (JIT, oneDNN primitive creation, native heap growth). */
    private static final int WARMUP = 3;

    private BackboneSpeed() {
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        System.out.println("ND4J: " + Nd4j.getExecutioner().getEnvironmentInformation().getProperty("blas.vendor")
                + ", threads " + Nd4j.getExecutioner().getEnvironmentInformation().getProperty("omp.threads"));
        double sgemm = sgemmGflops(2048, 5);
        System.out.printf("sgemm n=2048: %.1f GFLOP/s%n", sgemm);
        Map<String, SmallCnnOrResNet> nets = new LinkedHashMap<>();
        nets.put("SmallCnn", fast -> SmallCnn.builder().fastLayers(fast).build());
        nets.put("SmallResNet w16", fast -> SmallResNet.builder().width(16).fastLayers(fast).build());
        nets.put("SmallResNet w32", fast -> SmallResNet.builder().width(32).fastLayers(fast).build());
        System.out.println("| backbone | layers | MFLOP/img fwd | infer b256 ms | infer GFLOP/s | train b128 ms "
                + "| train GFLOP/s | sgemm GFLOP/s | train % sgemm |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, SmallCnnOrResNet> e : nets.entrySet()) {
            for (boolean fast : new boolean[]{false, true}) {
                BackbonePreset preset = e.getValue().make(fast);
                ComputationGraph graph = preset.build();
                int n = fast ? repeats : Math.max(3, repeats / 2);
                double flops = forwardFlopsPerImage(graph);
                double inferMs = inferenceMs(graph, 256, n);
                double trainMs = trainStepMs(graph, 128, preset.featureDim(), n);
                System.gc();
                double sgemmNow = sgemmGflops(2048, 3);  // the machine is shared: sgemm again, beside each row
                double inferGf = flops * 256 / inferMs / 1e6;
                double trainGf = 3 * flops * 128 / trainMs / 1e6;
                System.out.printf("| %s | %s | %.1f | %.0f | %.1f | %.0f | %.1f | %.0f | %.0f%% |%n", e.getKey(),
                        fast ? "fast" : "DL4J", flops / 1e6, inferMs, inferGf, trainMs, trainGf, sgemmNow,
                        100 * trainGf / sgemmNow);
            }
        }
    }

    /** A backbone preset with or without the fast layers. */
    private interface SmallCnnOrResNet {
        BackbonePreset make(boolean fast);
    }

    /** The machine's float sgemm speed: the mean of {@code repeats} {@code n x n} products after one untimed one. */
    public static double sgemmGflops(int n, int repeats) {
        Nd4j.getRandom().setSeed(1);
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        a.mmuli(b, c);
        long t0 = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            a.mmuli(b, c);
        }
        double ms = (System.nanoTime() - t0) / 1e6 / repeats;
        return 2.0 * n * n * n / ms / 1e6;
    }

    /** Multiply-add FLOPs (2 per MAC) of the graph's convolutions for one 32x32 image. */
    public static double forwardFlopsPerImage(ComputationGraph graph) {
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 32, 32);
        Map<String, INDArray> acts = graph.feedForward(new INDArray[]{x}, false, false);
        double flops = 0;
        for (Map.Entry<String, GraphVertex> v : graph.getConfiguration().getVertices().entrySet()) {
            if (v.getValue() instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof ConvolutionLayer conv) {
                INDArray out = acts.get(v.getKey());
                int[] k = conv.getKernelSize();
                flops += 2.0 * out.size(1) * out.size(2) * out.size(3) * conv.getNIn() * k[0] * k[1];
            }
        }
        return flops;
    }

    static double inferenceMs(ComputationGraph graph, int batch, int repeats) {
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 3, 32, 32);
        for (int i = 0; i < WARMUP; i++) {
            graph.output(false, x);
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            graph.output(false, x);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return median(ms);
    }

    /** The median: the machine is shared, so single timings are noisy. */
    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static double trainStepMs(ComputationGraph graph, int batch, long featureDim, int repeats) {
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 3, 32, 32);
        INDArray eps = Nd4j.rand(DataType.FLOAT, batch, featureDim).muli(1e-3);
        for (int i = 0; i < WARMUP; i++) {
            step(graph, x, eps, 0);
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            step(graph, x, eps, i + 1);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return median(ms);
    }

    /**
     * One training step of a backbone from an external error {@code eps} on its output (the path of the
     * methods' training): train-mode feedForward, backpropGradient, updater, {@code params().subi}.
     */
    public static void step(ComputationGraph graph, INDArray x, INDArray eps, int iteration) {
        graph.feedForward(new INDArray[]{x}, true, false);
        Gradient g = graph.backpropGradient(eps);
        graph.getUpdater().update(g, iteration, 0, 1, LayerWorkspaceMgr.noWorkspaces());
        graph.params().subi(g.gradient());
    }
}
