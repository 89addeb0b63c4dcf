package org.hvs.core.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BlasThreadsTest {

    @Test
    void autoIsOneThreadOnSmallMachinesAndUnchangedOnLargeOnes() {
        assertEquals(1, BlasThreads.threadsFor("auto", 2, 2));
        assertEquals(1, BlasThreads.threadsFor(" auto ", BlasThreads.AUTO_MAX_CORES, 4));
        assertEquals(16, BlasThreads.threadsFor("auto", 16, 16));
    }

    @Test
    void keepAndExplicitCounts() {
        assertEquals(3, BlasThreads.threadsFor("keep", 2, 3));
        assertEquals(2, BlasThreads.threadsFor("2", 16, 16));
    }

    @Test
    void badSpecificationNamesTheValue() {
        for (String bad : new String[] {"0", "-1", "two", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BlasThreads.threadsFor(bad, 2, 2));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void withSetsTheCountForTheWorkAndRestoresIt() {
        Blas blas = Nd4j.factory().blas();
        assumeTrue(blas != null && blas.getBlasVendor() == Blas.Vendor.OPENBLAS, "OpenBLAS backend");
        int before = blas.getMaxThreads();
        int other = before == 1 ? 2 : 1;
        int inside = BlasThreads.with(other, blas::getMaxThreads);
        assertEquals(other, inside);
        assertEquals(before, blas.getMaxThreads());
        assertThrows(IllegalStateException.class, () -> BlasThreads.with(other, () -> {
            throw new IllegalStateException("work failed");
        }));
        assertEquals(before, blas.getMaxThreads());
    }
}
