package org.hvs.core.train;

/**
 * Thrown when a training step's loss is NaN or infinite. It is raised before any parameter is
 * updated, so the networks and the last checkpoint are left as they were.
 */
public final class NonFiniteLossException extends IllegalStateException {
    private final long step;

    public NonFiniteLossException(String method, double loss, long step, int epoch) {
        super(method + " loss is " + loss + " at step " + step + " (epoch " + epoch + "); training stopped before the"
                + " update, parameters and the last checkpoint are unchanged. Lower the learning rate or check the input"
                + " data for NaN values.");
        this.step = step;
    }

    /** Global step (0-based) at which the loss was not finite. */
    public long step() {
        return step;
    }

    /** Throws if {@code loss} is not finite. */
    public static void check(String method, double loss, long step, int epoch) {
        if (!Double.isFinite(loss)) {
            throw new NonFiniteLossException(method, loss, step, epoch);
        }
    }
}
