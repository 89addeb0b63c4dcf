package org.hvs.examples.cli;

import org.hvs.augment.MultiViewGenerator;
import org.hvs.augment.data.DataSplits;
import org.hvs.augment.data.ImageDataset;
import org.hvs.core.eval.Evaluation;
import org.hvs.core.eval.FeatureExtractor;
import org.hvs.core.eval.KnnClassifier;
import org.hvs.core.listen.ConsoleProgressListener;
import org.hvs.core.listen.EpochSummary;
import org.hvs.core.listen.MetricsJsonlListener;
import org.hvs.core.listen.TrainingListener;
import org.hvs.core.method.Backbone;
import org.hvs.core.method.SslMethod;
import org.hvs.core.method.TrainingSetup;
import org.hvs.core.train.FitResult;
import org.hvs.core.train.HvsTrainer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hvs pretrain}: pretrains a backbone with a self-supervised method and a view selector,
 * measures kNN top-1 on the test split before and after, and writes the run directory
 * ({@code metrics.jsonl}, {@code summary.json}, {@code checkpoint.zip}).
 */
final class PretrainCommand {
    static final String USAGE = """
            hvs pretrain [--method simsiam|simclr|dino|ibot] [--selector random|hvs|iou] [--views N] [--select-scale S]
                         [--data shapes|shapes-rgb|fashion-mnist[=DIR]|cifar10=DIR|folder=DIR] [--limit IMAGES]
                         [--epochs E] [--batch B] [--seed S] [--out DIR]
                         [--backbone resnet|vit] [--width W] [--image-size PX] [--optimizer sgd|adamw] [--lr LR] [--weight-decay WD]
                         [--hue H] [--grayscale P]  the recipe's colour jitter hue and grayscale probability
                         [--crop-min-scale S]      minimum crop scale (dino, ibot: of the global crops)
                         [--warmup-epochs E] [--threads T] [--recipe auto|imagenet|cifar]
                         [--hvs-warmup-epochs E]   random views for the first E epochs (default epochs/2)
                         [--eval-every E]          kNN top-1 every E epochs (default 0: before and after only)
                         [--selection-bn batch|running]  BN statistics in the HVS scoring forward (default batch, the paper's)
                         vit:  [--vit-dim D] [--vit-depth N] [--vit-heads H] [--patch P]   (default 96, 4, 3, 4: the tiny preset)
                               [--vit-stem patch|conv]   patch embedding: one patchify convolution (default) or a
                                                         convolutional stem (log2 P strided 3x3 conv-BN-ReLU, then 1x1)
                               [--vit-qkv-init xavier|trunc]  qkv weights Xavier-uniform (default) or DINO's std 0.02
                         dino: [--local-crops L] [--local-size PX] [--select-locals] [--local-candidates M]
                               [--compare-limit C] [--dino-out-dim K] [--dino-head-bn [true|false]]
                               [--score-locals [true|false]]  HVS scores a pair with the fixed locals' terms too, as the paper's code (default false)
                               [--teacher-temp T] [--teacher-momentum M] [--teacher-momentum-end M]
                               [--weight-decay-end WD]   cosine weight decay to WD (adamw default 0.4)
                               resnet defaults: sgd lr 0.1, wd 5e-4, K 256, head BN, teacher 0.04, momentum 0.98 fixed
                               vit defaults:    adamw lr 2e-3, wd 0.04 -> 0.4, K 1024, teacher 0.04 -> 0.07, momentum 0.996 -> 1
                         ibot: the dino options except --select-locals, and [--mask-probability P] [--separate-patch-head]
                               [--patch-weight W]  lambda2, the masked patch term's weight (default 1)
                               (ibot implies --backbone vit; resnet is the default for the others;
                               with --dino-head-bn true the CLS and the patch tokens get a head each)
              defaults: simsiam, hvs after epochs/2 of random views, 4 views, shapes, 4000 images, 8 epochs, batch 64, seed 42, out runs/<method>-<selector>""";

    private PretrainCommand() {
    }

    static int run(Args args, PrintStream out) throws Exception {
        RunOptions o = new RunOptions(args);
        Path dir = Path.of(args.string("out", "runs/" + o.method + "-" + o.selector));
        int evalEvery = args.integer("eval-every", 0, 0);
        args.checkAllUsed();
        Files.createDirectories(dir);

        out.printf("hvs pretrain: %s with %s selection, %d views, data %s -> %s%n", o.method, o.selector, o.views, o.data, dir);
        String allocator = ProcessMemory.allocator();
        if (allocator.equals("glibc")) {
            out.println("note: native memory on glibc malloc; on tcmalloc training runs 20% to 2.7x faster with the"
                    + " same results (apt-get install libtcmalloc-minimal4: the command line then restarts itself on it"
                    + " unless " + Relaunch.SWITCH + "=glibc or LD_PRELOAD is set; README, Set up)");
        }
        DataSplits data = o.openData();
        ImageDataset train = data.train();
        ImageDataset test = data.test();
        int c = train.image(0).channels(), h = train.image(0).height(), w = train.image(0).width();
        out.printf("data: %s (%d images), %s (%d images), %d classes, %dx%dx%d%n", train.name(), train.size(),
                test.name(), test.size(), train.numClasses(), c, h, w);

        Backbone backbone = o.backbone(c, h, w);
        SslMethod method = o.method(backbone);
        method.initialize(new TrainingSetup(o.optimizer(), o.seed));
        FeatureExtractor fx = FeatureExtractor.defaults();
        KnnClassifier knn = KnnClassifier.dino();
        double initKnn = 100 * knn.top1(fx.extract(train, method::features), fx.extract(test, method::features));
        out.printf("kNN top-1 before pretraining: %.2f%%%n", initKnn);

        List<Map<String, Object>> knnHistory = new ArrayList<>();
        try (MultiViewGenerator gen = MultiViewGenerator.builder().recipe(o.recipe(h)).seed(o.seed).threads(o.threads).build();
             MetricsJsonlListener metrics = new MetricsJsonlListener(dir)) {
            HvsTrainer.Builder builder = HvsTrainer.builder()
                    .method(method)
                    .views(gen::generate)
                    .selector(o.selector(o.selector, train.size() / o.batch))
                    .epochs(o.epochs)
                    .batchSize(o.batch)
                    .optimizer(o.optimizer())
                    .warmupEpochs(o.warmupEpochs)
                    .seed(o.seed)
                    .checkpoint(dir.resolve("checkpoint.zip"))
                    .listener(ConsoleProgressListener.builder().out(out).build())
                    .listener(metrics);
            if (evalEvery > 0) {
                // kNN between epochs, in the console line of the epoch and in summary.json
                builder.evaluation(Evaluation.knn(train, test, fx, knn), evalEvery)
                        .listener(new TrainingListener() {
                            @Override
                            public void onEpochEnd(int epoch, EpochSummary s) {
                                if (s.eval().containsKey("knn_top1")) {
                                    knnHistory.add(Map.of("epoch", epoch + 1, "knn_top1", 100 * s.eval().get("knn_top1")));
                                }
                            }
                        });
            }
            FitResult fit = builder.build().fit(train);
            // the trainer's evaluation always runs after the last epoch: reuse it
            double knnTop1 = !knnHistory.isEmpty() ? (Double) knnHistory.get(knnHistory.size() - 1).get("knn_top1")
                    : 100 * knn.top1(fx.extract(train, method::features), fx.extract(test, method::features));
            out.printf("kNN top-1: %.2f%% before -> %.2f%% after pretraining (%+.2f points)%n", initKnn, knnTop1,
                    knnTop1 - initKnn);
            // DINO and iBOT report the teacher; in short runs the lagging EMA teacher can trail the student
            Double studentKnn = null;
            if (method.networks().containsKey("teacher")) {
                var student = EvalCommand.encoder(method.networks().get("student"), backbone.featureVertex());
                studentKnn = 100 * knn.top1(fx.extract(train, student), fx.extract(test, student));
                out.printf("kNN top-1 of the student: %.2f%%%n", studentKnn);
            }
            out.printf("mean IoU of the pairs trained on: %.3f (%s) vs %.3f (random pairs)%n", fit.selectedIouMean(),
                    o.selector, fit.randomIouMean());

            Map<String, Object> summary = new LinkedHashMap<>(o.describe());
            summary.put("steps", fit.steps());
            summary.put("allocator", allocator);
            summary.put("images_per_s", fit.imagesPerSecond());
            summary.put("final_loss", fit.finalLoss());
            summary.put("epoch_losses", fit.epochLosses());
            summary.put("knn_top1", knnTop1);
            summary.put("init_knn_top1", initKnn);
            if (studentKnn != null) {
                summary.put("student_knn_top1", studentKnn);
            }
            if (!knnHistory.isEmpty()) {
                summary.put("knn_history", knnHistory);
            }
            summary.put("selected_iou_mean", fit.selectedIouMean());
            summary.put("random_iou_mean", fit.randomIouMean());
            summary.put("mean_step_ms", fit.meanStepMs());
            summary.put("mean_select_ms", fit.meanSelectMs());
            summary.put("wall_s", fit.wallSeconds());
            summary.put("feature_vertex", backbone.featureVertex());
            summary.put("train_images", train.size());
            summary.put("test_images", test.size());
            Json.write(dir.resolve("summary.json"), summary);
            out.println("wrote " + dir.resolve("summary.json"));
            List<Path> plots = ReportCommand.write(dir, 0);
            out.println("wrote " + plots.size() + " plots to " + dir.resolve("plots"));
        }
        return 0;
    }
}
