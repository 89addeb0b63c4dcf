package org.hvs.examples;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.hvs.augment.Image;
import org.hvs.augment.MultiViewGenerator;
import org.hvs.augment.adapt.ImageOperator;
import org.hvs.augment.data.ImageDataset;
import org.hvs.augment.data.Shapes;
import org.hvs.augment.recipe.MultiViewRecipe;
import org.hvs.augment.recipe.ViewRecipe;
import org.hvs.augment.transform.RandomResizedCrop;
import org.hvs.core.method.Backbone;
import org.hvs.core.select.ViewSelector;
import org.hvs.core.train.FitResult;
import org.hvs.core.train.HvsTrainer;
import org.hvs.core.train.Optimizer;
import org.hvs.ssl.method.SimSiam;
import org.nd4j.linalg.activations.Activation;

import java.util.Random;

/**
 * The used-by path in one page: your own DL4J graph as the backbone, your own augmentation
 * wrapped as a view recipe, and {@link HvsTrainer#fit} with Hard View Selection.
 *
 * <p>Run it with {@code java -cp hvs-examples/target/hvs.jar org.hvs.examples.JavaApiExample}.
 */
public final class JavaApiExample {
    private JavaApiExample() {
    }

    /** Your encoder: any ComputationGraph from images to a feature vector, without an OutputLayer. */
    static ComputationGraph myEncoder(int channels, int size) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1).weightInit(WeightInit.RELU)
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(size, size, channels))
                .addLayer("conv1", new ConvolutionLayer.Builder(3, 3).nOut(16).stride(2, 2).activation(Activation.IDENTITY).build(), "input")
                .addLayer("bn1", new BatchNormalization.Builder().build(), "conv1")
                // DL4J's BatchNormalization ignores an activation set on it: ReLU is its own layer
                .addLayer("relu1", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn1")
                .addLayer("conv2", new ConvolutionLayer.Builder(3, 3).nOut(32).stride(2, 2).activation(Activation.IDENTITY).build(), "relu1")
                .addLayer("bn2", new BatchNormalization.Builder().build(), "conv2")
                .addLayer("relu2", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn2")
                .addLayer("features", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "relu2")
                .setOutputs("features")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /** An augmentation you already have, as a per-image function: here, mild Gaussian pixel noise. */
    static Image myNoise(Image img, Random rng) {
        float[] px = img.copyData();
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) Math.min(1, Math.max(0, px[i] + 0.03 * rng.nextGaussian()));
        }
        return Image.of(px, img.channels(), img.height(), img.width());
    }

    /** Pretrains {@code myEncoder} on {@code data} with SimSiam and HVS; returns the fit summary. */
    public static FitResult pretrain(ImageDataset data, int epochs, int batchSize) {
        int channels = data.image(0).channels();
        int size = data.image(0).height();
        Backbone backbone = Backbone.of(myEncoder(channels, size), channels, size, size);

        // Your augmentation after a random resized crop; HVS needs the crop box that the crop records.
        ViewRecipe mine = ViewRecipe.of("crop+noise", size,
                RandomResizedCrop.of(size, 0.2, 1.0).andThen(((ImageOperator) JavaApiExample::myNoise).asTransform()));

        try (MultiViewGenerator views = MultiViewGenerator.builder()
                .recipe(MultiViewRecipe.of(mine, 4))      // 4 candidate views per image
                .seed(7).build()) {
            HvsTrainer trainer = HvsTrainer.builder()
                    .method(SimSiam.builder().backbone(backbone).projectorDim(64).projectorHidden(64).predictorHidden(16).build())
                    .views(views::generate)
                    .selector(ViewSelector.hard())        // the worst of the 6 pairs, per image
                    .epochs(epochs).batchSize(batchSize)
                    .optimizer(Optimizer.sgd(0.05, 0.9, 5e-4))
                    .seed(7)
                    .build();
            return trainer.fit(data);
        }
    }

    public static void main(String[] args) {
        FitResult r = pretrain(Shapes.train(1, 256, 32), 2, 32);
        System.out.printf("%d steps, loss per epoch %s, HVS pairs IoU %.3f vs random %.3f%n",
                r.steps(), r.epochLosses(), r.selectedIouMean(), r.randomIouMean());
    }
}
