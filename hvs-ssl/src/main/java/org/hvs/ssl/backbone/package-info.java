/**
 * Image encoders (backbones) as DL4J {@link org.deeplearning4j.nn.graph.ComputationGraph}s with one
 * input {@value org.hvs.ssl.backbone.BackbonePreset#INPUT} (NCHW images) and one output
 * {@value org.hvs.ssl.backbone.BackbonePreset#FEATURES} ({@code [B, featureDim]}), and no
 * {@code OutputLayer}: the self-supervised methods put their heads on top and train from external
 * errors ({@code feedForward}, {@code backpropGradient}, updater, {@code params().subi}).
 *
 * <p>{@link org.hvs.ssl.backbone.SmallResNet} is a ResNet-style encoder for 32-pixel images;
 * {@link org.hvs.ssl.backbone.SmallCnn} the three-convolution "standard small backbone" of the
 * performance work. Both build their convolution, batch-norm and ReLU layers from
 * {@link org.hvs.ssl.backbone.fast.FastLayers} by default (native NHWC kernels, same parameters as
 * DL4J's layers; {@code fastLayers(false)} brings DL4J's back); {@link org.hvs.ssl.backbone.BackboneSpeed}
 * measures both.
 */
package org.hvs.ssl.backbone;
