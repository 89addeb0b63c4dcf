package org.hvs.examples.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** When the command line restarts itself on tcmalloc, and that the restart carries the command through. */
class RelaunchTest {

    private static final Path TC = Relaunch.TCMALLOC.get(0);

    private static Optional<Path> decide(String allocator, Map<String, String> env, String... argv) {
        return Relaunch.library(argv, env, () -> allocator, List.of("-Xmx2g"), p -> p.equals(TC));
    }

    @Test
    void restartsTrainingCommandsFromGlibcOnlyWhenNobodyChoseOtherwise() {
        assertEquals(Optional.of(TC), decide("glibc", Map.of(), "pretrain", "--epochs", "1"));
        assertEquals(Optional.of(TC), decide("glibc", Map.of("LD_PRELOAD", " "), "bench"));
        assertEquals(Optional.of(TC), decide("glibc", Map.of(Relaunch.SWITCH, "auto"), "eval"));
        assertEquals(Optional.empty(), decide("tcmalloc", Map.of(), "pretrain"));
        assertEquals(Optional.empty(), decide("unknown", Map.of(), "pretrain"));
        assertEquals(Optional.empty(), decide("glibc", Map.of(Relaunch.SWITCH, "GLIBC"), "pretrain"));
        assertEquals(Optional.empty(), decide("glibc", Map.of("LD_PRELOAD", "/opt/my/libjemalloc.so"), "pretrain"));
        assertEquals(Optional.empty(), decide("glibc", Map.of(Relaunch.MARK, "1"), "pretrain"));
        assertEquals(Optional.empty(), decide("glibc", Map.of(), "report", "runs/x"));
        assertEquals(Optional.empty(), decide("glibc", Map.of()));
        assertEquals(Optional.empty(), Relaunch.library(new String[] {"pretrain"}, Map.of(), () -> "glibc", List.of(),
                p -> false));
        // a debugger or profiler agent would open its port or file twice
        assertEquals(Optional.empty(), Relaunch.library(new String[] {"pretrain"}, Map.of(), () -> "glibc",
                List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005"), p -> true));
        assertEquals(Optional.empty(), Relaunch.library(new String[] {"bench"}, Map.of(), () -> "glibc",
                List.of("-javaagent:/opt/profiler.jar"), p -> true));
    }

    @Test
    void restartCommandKeepsJvmOptionsClassPathAndArguments() {
        List<String> cmd = Relaunch.command("/jdk/bin/java", List.of("-Xmx3g", "-Dhvs.gcMaxShare=0.1"), "hvs.jar",
                new String[] {"bench", "--method", "simclr"});
        assertEquals(List.of("/jdk/bin/java", "-Xmx3g", "-Dhvs.gcMaxShare=0.1", "-cp", "hvs.jar",
                "org.hvs.examples.cli.Main", "bench", "--method", "simclr"), cmd);
    }

    /** A real restart: a JVM on glibc runs a bench usage error, which must come back from the restarted JVM. */
    @Test
    void aGlibcJvmRestartsOnTcmallocAndReturnsTheCommandsExitCodeAndOutput() throws Exception {
        Optional<Path> lib = Relaunch.TCMALLOC.stream().filter(Files::isReadable).findFirst();
        assumeTrue(lib.isPresent(), "no tcmalloc installed here (.ci/run installs libtcmalloc-minimal4)");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "bench", "--repeats", "0");
        pb.environment().remove("LD_PRELOAD");
        pb.environment().remove(Relaunch.SWITCH);
        pb.environment().remove(Relaunch.MARK);
        Result r = run(pb);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("hvs: restarting on tcmalloc (" + lib.get() + ")"), r.err());
        assertTrue(r.err().contains("--repeats must be >= 1, got 0"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("hvs: restarting")).count(), "restarts once: " + r.err());

        pb.environment().put(Relaunch.SWITCH, "glibc");
        Result stay = run(pb);
        assertEquals(2, stay.code(), stay.err());
        assertTrue(!stay.err().contains("restarting") && stay.err().contains("--repeats must be >= 1"), stay.err());
    }

    private record Result(int code, String err) {
    }

    private static Result run(ProcessBuilder pb) throws IOException, InterruptedException {
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command did not end: " + err);
        return new Result(p.exitValue(), err);
    }
}
