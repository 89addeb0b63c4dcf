package org.hvs.ssl.backbone.fast;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.activations.Activation;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Factories for the fast layers, configured exactly like the DL4J layers they replace.
 *
 * <pre>{@code
 * g.addLayer("c2_conv", FastLayers.conv(3, 2, 64), "c1_relu");   // 3x3, stride 2, 'same', no bias
 * g.addLayer("c2_bn", FastLayers.batchNorm(), "c2_conv");          // decay 0.9, eps 1e-5, log10 std
 * g.addLayer("c2_relu", FastLayers.relu(), "c2_bn");
 * g.addVertex("add", FastLayers.add(), "c2_relu", "shortcut");
 * }</pre>
 *
 * <p>The layers and the add vertex write their input gradients, and their outputs in a train-mode forward
 * outside DL4J workspaces, into buffers they keep from call to call (fresh arrays cost page faults that took
 * as long as the arithmetic). So an input gradient that a caller takes out of the graph (e.g. with respect
 * to the images) is valid until the next backward pass, and a fast layer's or add vertex's activation from
 * a train-mode {@code feedForward} until the next train-mode forward of the same graph: copy them to keep
 * them. Inference outputs are new arrays; parameter gradients go to the network's gradient view, as with
 * DL4J's layers. (A graph's outputs are usually not fast layers: the backbones end in global pooling.)
 */
public final class FastLayers {

    private FastLayers() {
    }

    /** A bias-free k x k convolution with 'same' padding and identity activation, NCHW at its boundary. */
    public static FastConvolution conv(int kernel, int stride, int channelsOut) {
        if (kernel < 1) {
            throw new IllegalArgumentException("kernel must be >= 1, got " + kernel);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, got " + stride);
        }
        if (channelsOut < 1) {
            throw new IllegalArgumentException("channelsOut must be >= 1, got " + channelsOut);
        }
        ConvolutionLayer reference = new ConvolutionLayer.Builder(kernel, kernel)
                .stride(stride, stride)
                .nOut(channelsOut)
                .convolutionMode(ConvolutionMode.Same)
                .dataFormat(CNN2DFormat.NCHW)
                .hasBias(false)
                .activation(Activation.IDENTITY)
                .build();
        return copyInto(reference, new FastConvolution());
    }

    /** Batch normalisation with DL4J's defaults (decay 0.9, eps 1e-5, running log10 std). */
    public static FastBatchNorm batchNorm() {
        return copyInto(new BatchNormalization.Builder().build(), new FastBatchNorm());
    }

    /** A ReLU activation layer. */
    public static FastRelu relu() {
        return copyInto(new ActivationLayer.Builder().activation(Activation.RELU).build(), new FastRelu());
    }

    /** The residual sum {@code a + b} of two same-shape activations (DL4J's ElementWiseVertex, Op.Add). */
    public static FastAddVertex add() {
        return new FastAddVertex();
    }

    /** Copies every instance field of {@code source} (a DL4J config) into {@code target}, a subclass instance. */
    static <T> T copyInto(Object source, T target) {
        if (!source.getClass().isInstance(target)) {
            throw new IllegalArgumentException(target.getClass().getName() + " does not extend "
                    + source.getClass().getName());
        }
        for (Class<?> c = source.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(target, f.get(source));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("cannot copy layer setting " + c.getSimpleName() + "." + f.getName(), e);
                }
            }
        }
        return target;
    }
}
