package org.hvs.ssl.method;

/**
 * Builder of {@link Dino}: {@code backbone} is required; the shared teacher-student settings are in
 * {@link DistillationBuilder}, defaults follow DINO scaled down for small images.
 */
public final class DinoBuilder extends DistillationBuilder<DinoBuilder> {
    boolean selectLocals = false;
    int compareLimit = 0;

    DinoBuilder() {
    }

    /**
     * Select local crops jointly with the global pair: candidates combine each global pair with
     * subsets of all generated locals, at most {@code compareLimit} of them (0 = no cap). Selected
     * locals are always scored, whatever {@link #scoreLocals} says.
     */
    public DinoBuilder selectLocals(boolean s, int compareLimit) {
        this.selectLocals = s;
        this.compareLimit = compareLimit;
        return this;
    }

    public Dino build() {
        validate();
        check(compareLimit >= 0, "compareLimit must be >= 0 (0 = no cap), got " + compareLimit);
        return new Dino(this);
    }
}
