package org.hvs.ssl.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * A layer's forward and backward pass written by hand in ND4J array ops, for an
 * {@link ExactSameDiffLayer} whose {@code defineLayer} stays the SameDiff definition of the same
 * function (the reference the hand-written pass is tested against, {@code ManualLayerTest}).
 *
 * <p>Why: DL4J 1.0.0-M2.1 runs a SameDiff layer by building and executing a SameDiff graph on every
 * call, which costs about a millisecond per op whatever the size, keeps one graph per input shape,
 * and holds native memory that grows step after step in long training runs (a tiny ViT trained with
 * iBOT reached 24 GB in two epochs). A hand-written pass runs the same arithmetic as a few dozen
 * native calls and keeps only the arrays its backward pass needs, until that pass.
 *
 * <pre>{@code
 * public ManualLayer manual() {
 *     return new ManualLayer() {
 *         public Forward forward(INDArray x, Map<String, INDArray> p, boolean forBackward) {
 *             return new Forward(x.mmul(p.get("W")), forBackward ? x : null);
 *         }
 *         public INDArray backward(Object cache, INDArray eps, Map<String, INDArray> p, Map<String, INDArray> g) {
 *             g.get("W").assign(((INDArray) cache).transpose().mmul(eps));
 *             return eps.mmul(p.get("W").transpose());
 *         }
 *     };
 * }
 * }</pre>
 */
public interface ManualLayer {

    /** A forward pass's output and what its backward pass needs ({@code null} when not asked for). */
    record Forward(INDArray output, Object cache) {
    }

    /**
     * The layer's output for {@code input}.
     *
     * @param params      the layer's parameters by key (views of the network's parameter array; read only)
     * @param forBackward whether {@link #backward} will follow: only then is a cache kept
     */
    Forward forward(INDArray input, Map<String, INDArray> params, boolean forBackward);

    /**
     * Backpropagates {@code epsilon} (dL/d output): writes dL/d parameter into every array of
     * {@code gradients} (views of the network's gradient array, same keys and shapes as the
     * parameters; overwrite, do not add) and returns dL/d input.
     *
     * @param cache the cache of the forward pass on the same input and parameters
     */
    INDArray backward(Object cache, INDArray epsilon, Map<String, INDArray> params, Map<String, INDArray> gradients);
}
