package org.hvs.core.train;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The thread count of the BLAS library under ND4J's CPU backend during training. ND4J's CPU build runs
 * two thread pools side by side: OpenBLAS's own pthreads (matrix products: dense layers, the losses'
 * similarity matrices, the fast batch norm's sums) and the OpenMP pool of libnd4j and oneDNN
 * (convolutions, element-wise ops). Each pool's idle workers spin for a while after a call (OpenBLAS's
 * for ~2^28 cycles, calling {@code sched_yield}), and in a training step that alternates between the two
 * the spinning workers of one pool take the cores the other pool's workers need: on the 2-core
 * development machine (2026-12-05) a third of a SmallCnn step's CPU time went to libgomp's spin loop,
 * {@code sched_yield} and the scheduler, and the step's median over 60 calls fell from 203 ms to 145-152
 * ms (three runs each) with OpenBLAS on one thread, the same as with {@code GOMP_SPINCOUNT} and
 * {@code OPENBLAS_THREAD_TIMEOUT} set in the environment (which cannot be set from inside the JVM).
 *
 * <p>{@link #applyTrainingDefault()} (called by {@link HvsTrainer} and the command line) sets OpenBLAS to
 * the count given by the system property {@code hvs.blasThreads}: {@code auto} (the default) means 1 when
 * the backend is ND4J's CPU one with OpenBLAS and the machine has at most {@value #AUTO_MAX_CORES} cores
 * (measured there; on larger machines the matrix products' own parallelism may be worth more, so it stays
 * unchanged until measured), a number sets that count, {@code keep} leaves OpenBLAS alone.
 * The setting is process-wide, as OpenBLAS's is.
 */
public final class BlasThreads {
    private static final Logger LOG = LoggerFactory.getLogger(BlasThreads.class);
    /** Machines with at most this many cores get one OpenBLAS thread under {@code auto}. */
    static final int AUTO_MAX_CORES = 4;
    /** The count applyTrainingDefault left in force (-1: not OpenBLAS); null until it has run. */
    private static volatile Integer applied;

    private BlasThreads() {
    }

    /**
     * Applies {@code hvs.blasThreads} once per process; later calls only return the result (a step's hot
     * path calls this).
     *
     * @return the OpenBLAS thread count it set, or -1 when the BLAS is not OpenBLAS
     * @throws IllegalArgumentException when the property is neither {@code auto}, {@code keep} nor a
     *                                  positive integer
     */
    public static int applyTrainingDefault() {
        Integer n = applied;
        return n != null ? n : apply();
    }

    private static synchronized int apply() {
        if (applied == null) {
            Blas blas = openBlas();
            int n = -1;
            if (blas != null) {
                String spec = System.getProperty("hvs.blasThreads", "auto");
                int threads = threadsFor(spec, Runtime.getRuntime().availableProcessors(), blas.getMaxThreads());
                if (threads != blas.getMaxThreads()) {
                    LOG.info("OpenBLAS threads {} -> {} (hvs.blasThreads={}): its spinning workers would compete "
                            + "with the OpenMP pool of the convolutions", blas.getMaxThreads(), threads, spec);
                    blas.setMaxThreads(threads);
                }
                n = blas.getMaxThreads();
            }
            applied = n;
        }
        return applied;
    }

    /** ND4J's BLAS when it is OpenBLAS, else null. */
    private static Blas openBlas() {
        Blas blas = Nd4j.factory().blas();
        return blas != null && blas.getBlasVendor() == Blas.Vendor.OPENBLAS ? blas : null;
    }

    /** The count {@code spec} asks for on a machine of {@code cores} whose OpenBLAS now runs {@code current}. */
    static int threadsFor(String spec, int cores, int current) {
        String s = spec.trim();
        if (s.equals("auto")) {
            return cores <= AUTO_MAX_CORES ? 1 : current;
        }
        if (s.equals("keep")) {
            return current;
        }
        try {
            int n = Integer.parseInt(s);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("hvs.blasThreads must be auto, keep or a positive integer, got '" + spec + "'");
    }

    /**
     * Runs {@code work} with OpenBLAS on {@code threads} threads and restores the previous count after it
     * (the bench measures the machine's sgemm reference with every core).
     */
    public static <T> T with(int threads, Supplier<T> work) {
        Blas blas = openBlas();
        if (blas == null || blas.getMaxThreads() == threads) {
            return work.get();
        }
        int before = blas.getMaxThreads();
        blas.setMaxThreads(threads);
        try {
            return work.get();
        } finally {
            blas.setMaxThreads(before);
        }
    }
}
