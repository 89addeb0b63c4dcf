package org.hvs.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcessMemoryTest {

    private static final String LIBC = "7f0000000000-7f0000022000 r--p 00000000 fe:00 123 /usr/lib/x86_64-linux-gnu/libc.so.6";

    @Test
    void namesThePreloadedAllocatorFromTheMappedLibraries(@TempDir Path dir) throws Exception {
        Path maps = dir.resolve("maps");
        Files.writeString(maps, LIBC + "\n");
        assertEquals("glibc", ProcessMemory.allocator(maps));
        Files.writeString(maps, "7f1000000000-7f1000010000 r-xp 00000000 fe:00 9 "
                + "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4.5.10\n" + LIBC + "\n");
        assertEquals("tcmalloc", ProcessMemory.allocator(maps));
        Files.writeString(maps, "7f1000000000-7f1000010000 r-xp 00000000 fe:00 9 "
                + "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2\n" + LIBC + "\n");
        assertEquals("jemalloc", ProcessMemory.allocator(maps));
        assertEquals("unknown", ProcessMemory.allocator(dir.resolve("missing")));
    }

    @Test
    void thisProcessReportsWhatLdPreloadAsksFor() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "needs Linux /proc");
        String preload = System.getenv().getOrDefault("LD_PRELOAD", "");
        String expected = preload.contains("tcmalloc") ? "tcmalloc" : preload.contains("jemalloc") ? "jemalloc" : "glibc";
        assertEquals(expected, ProcessMemory.allocator());
    }
}
