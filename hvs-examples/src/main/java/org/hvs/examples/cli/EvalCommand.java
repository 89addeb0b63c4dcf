package org.hvs.examples.cli;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hvs.augment.data.DataOptions;
import org.hvs.augment.data.DataSpec;
import org.hvs.augment.data.DataSplits;
import org.hvs.core.eval.FeatureExtractor;
import org.hvs.core.eval.Features;
import org.hvs.core.eval.KnnClassifier;
import org.hvs.core.eval.KnnResult;
import org.hvs.core.eval.LinearProbe;
import org.hvs.core.io.Checkpoint;
import org.hvs.ssl.method.Ibot;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code hvs eval --run DIR}: reloads the run's checkpoint and data (as recorded in its
 * {@code summary.json}) and reports kNN top-1 (k=20, T=0.07) and linear-probe top-1 of the frozen
 * backbone features; writes {@code eval.json}.
 */
final class EvalCommand {
    static final String USAGE = "hvs eval --run DIR [--data SPEC] [--limit IMAGES] [--probe-epochs E]";

    private EvalCommand() {
    }

    static int run(Args args, PrintStream out) throws Exception {
        Path dir = Path.of(args.required("run"));
        Map<String, Object> summary = Json.read(dir.resolve("summary.json"));
        String data = args.string("data", (String) summary.get("data"));
        int limit = args.integer("limit", ((Number) summary.get("limit")).intValue(), 1);
        int probeEpochs = args.integer("probe-epochs", 100, 1);
        args.checkAllUsed();

        Checkpoint cp = Checkpoint.load(dir.resolve("checkpoint.zip"));
        // the network pretrain reports: the teacher of DINO and iBOT (as DINO's eval_knn), else the student
        String network = cp.networks().containsKey("teacher") ? "teacher" : "student";
        Function<INDArray, INDArray> encoder = encoder(cp.network(network), (String) summary.get("feature_vertex"));

        DataSplits splits = DataSpec.parse(data).open(DataOptions.builder()
                .imageSize(((Number) summary.get("image_size")).intValue())
                .limit(limit).seed(((Number) summary.get("seed")).longValue()).build());
        FeatureExtractor fx = FeatureExtractor.defaults();
        Features train = fx.extract(splits.train(), encoder);
        Features test = fx.extract(splits.test(), encoder);
        KnnResult knn = KnnClassifier.dino().evaluate(train, test);
        double probe = LinearProbe.builder().epochs(probeEpochs).seed(42).build().top1(train, test);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("run", dir.toString());
        result.put("network", network);
        result.put("data", data);
        result.put("train_images", train.size());
        result.put("test_images", test.size());
        result.put("knn_top1", 100 * knn.top1());
        result.put("linear_top1", 100 * probe);
        Json.write(dir.resolve("eval.json"), result);
        out.printf("%s network, kNN top-1 (k=20, T=0.07): %.2f%%%nlinear probe top-1: %.2f%%%n", network, 100 * knn.top1(),
                100 * probe);
        return 0;
    }

    /** Frozen features of {@code graph} at {@code featureVertex}, inference mode. */
    static Function<INDArray, INDArray> encoder(ComputationGraph graph, String featureVertex) {
        // iBOT's networks take a mask as a second input: Ibot.encode gives them an empty one
        return graph.getConfiguration().getNetworkInputs().size() > 1
                ? x -> Ibot.encode(graph, x) : x -> graph.feedForward(x, false).get(featureVertex);
    }
}
