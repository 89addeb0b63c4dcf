package org.hvs.ssl.nn;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.Supplier;

/**
 * Allocation outside DL4J's workspaces, for arrays a layer keeps from one call to the next (a row
 * of ones, a resizing matrix, a reused gradient buffer). Inference forwards run inside workspaces
 * ({@code GraphTraining.inference}), whose memory is overwritten by the next call: an array kept
 * from there would be read as garbage, or rejected by ND4J as an outdated workspace pointer.
 */
public final class Detached {

    private Detached() {
    }

    /** {@code make.get()} with every workspace scoped out, so what it allocates lives on the heap of ND4J. */
    public static <T> T create(Supplier<T> make) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return make.get();
        }
    }
}
