package org.hvs.ssl.backbone.fast;

import org.hvs.ssl.nn.Detached;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Reusable buffers of a layer (package-private). A fresh large array costs page faults (ND4J zeroes
 * every new buffer, and freed ones come back only after a garbage collection), which in a virtual machine
 * cost as much as the arithmetic, so the layers write their train-mode outputs, their input gradients and
 * batch norm's products into buffers kept from call to call.
 *
 * <p>Two buffers are kept, for the two most recent shapes: with Hard View Selection a train-mode
 * forward over all N views alternates with the training forward over two, and one buffer would be
 * reallocated at every switch. The buffers outlive {@code Layer.clear()}, which DL4J calls on every layer
 * after each backward pass ({@code ComputationGraph.calcBackpropGradients} with {@code clearLayers}):
 * forgetting them there made every step allocate them afresh (measured 2026-12-07: a SmallCnn step of
 * batch 128 faulted in ~100 MB of them).
 *
 * <p>Used for arrays whose life ends with the backward pass that follows: a layer's input gradient
 * (consumed by the layer before it in the same pass), batch norm's products, and the outputs of a
 * train-mode forward outside workspaces (read by the next layer and by the backward pass, overwritten by
 * the next train-mode forward; SmallResNet w16 training step at batch 128: 136-142 -> 118-120 ms,
 * 2026-12-07). Inference outputs, and outputs inside a workspace, are new arrays every call.
 */
final class Scratch {

    private INDArray recent;
    private INDArray older;

    /** An uninitialised C-order array of {@code shape}: a kept one when one fits, else a new one that is kept. */
    INDArray get(DataType type, long... shape) {
        if (fits(recent, type, shape)) {
            return recent;
        }
        if (fits(older, type, shape)) {
            INDArray hit = older;
            older = recent;
            recent = hit;
            return hit;
        }
        older = recent;
        recent = Detached.create(() -> Nd4j.createUninitialized(type, shape));
        return recent;
    }

    /**
     * The output array of a forward pass: a kept buffer in a train-mode forward outside workspaces, else
     * a new C-order array from {@code workspaceMgr} (in its activations workspace when one is open).
     */
    INDArray output(boolean training, LayerWorkspaceMgr workspaceMgr, DataType type, long... shape) {
        if (training && workspaceMgr.isScopedOut(ArrayType.ACTIVATIONS)) {
            return get(type, shape);
        }
        return workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, type, shape, 'c');
    }

    /**
     * A temporary of a forward pass, dead when the layer's forward returns: from the layer working-memory
     * workspace when the forward runs in workspaces (HVS's selection forward: its N-view shapes then do not
     * evict the training shapes from the two kept buffers), else a kept buffer.
     */
    INDArray working(LayerWorkspaceMgr workspaceMgr, DataType type, long... shape) {
        if (workspaceMgr.isScopedOut(ArrayType.FF_WORKING_MEM)) {
            return get(type, shape);
        }
        return workspaceMgr.createUninitialized(ArrayType.FF_WORKING_MEM, type, shape, 'c');
    }

    private static boolean fits(INDArray buffer, DataType type, long[] shape) {
        return buffer != null && buffer.dataType() == type && Arrays.equals(buffer.shape(), shape);
    }
}
