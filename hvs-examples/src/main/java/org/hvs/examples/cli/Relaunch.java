package org.hvs.examples.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Restarts the command line on tcmalloc when it was started on glibc's malloc and tcmalloc is
 * installed. glibc hands the large blocks ND4J frees back to the kernel, and the next step faults them
 * in again: a SimCLR step (SmallResNet w16, batch 128) faulted in ~55,000 pages and trained in 645 ms on
 * glibc against ~10-160 pages and 240 ms on tcmalloc (2026-12-07, 2-core VM). The allocator cannot be
 * swapped inside a running JVM, so {@code pretrain}, {@code eval} and {@code bench} start a second JVM
 * with the same JVM options, class path and arguments and {@code LD_PRELOAD} set, pass it the standard
 * streams, and exit with its exit code.
 *
 * <p>Not done when {@code HVS_ALLOCATOR=glibc} (opt out), when {@code LD_PRELOAD} is already set (the
 * user chose), in the restarted process itself ({@code HVS_RELAUNCHED}), when the JVM runs an agent (a
 * debugger's port or a profiler would be opened twice), or when no tcmalloc library is found; then the
 * command runs here as before. Library users who call {@code HvsTrainer} from their own
 * JVM set {@code LD_PRELOAD} themselves (README, Set up).
 */
final class Relaunch {
    /** Set to {@code glibc} to keep glibc's malloc. */
    static final String SWITCH = "HVS_ALLOCATOR";
    /** Set in the restarted process, so that it never restarts again. */
    static final String MARK = "HVS_RELAUNCHED";
    /** Where Debian, Ubuntu and Fedora install tcmalloc (the minimal build first). */
    static final List<Path> TCMALLOC = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4"),
            Path.of("/usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4"),
            Path.of("/usr/lib64/libtcmalloc_minimal.so.4"),
            Path.of("/usr/lib/x86_64-linux-gnu/libtcmalloc.so.4"),
            Path.of("/usr/lib64/libtcmalloc.so.4"));
    /** Commands that run the network and so gain from it. */
    static final Set<String> COMMANDS = Set.of("pretrain", "eval", "bench");
    /** Environment the launcher folds into the JVM options, which the restart passes explicitly. */
    private static final List<String> OPTION_VARIABLES = List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS");
    /** JVM options that start an agent. */
    private static final List<String> AGENTS = List.of("-agentlib", "-agentpath", "-javaagent", "-Xrunjdwp", "-Xdebug");

    private Relaunch() {
    }

    /**
     * The tcmalloc library to restart on, or empty to run the command in this process. {@code allocator} is
     * asked last (reading it scans /proc/self/maps), only for a command that would restart.
     */
    static Optional<Path> library(String[] argv, Map<String, String> env, Supplier<String> allocator,
                                  List<String> jvmOptions, Predicate<Path> exists) {
        if (argv.length == 0 || !COMMANDS.contains(argv[0])) {
            return Optional.empty();
        }
        if (jvmOptions.stream().anyMatch(o -> AGENTS.stream().anyMatch(o::startsWith))) {
            return Optional.empty();
        }
        if ("glibc".equalsIgnoreCase(env.get(SWITCH)) || env.containsKey(MARK)
                || !env.getOrDefault("LD_PRELOAD", "").isBlank() || !allocator.get().equals("glibc")) {
            return Optional.empty();
        }
        return TCMALLOC.stream().filter(exists).findFirst();
    }

    /** The command line of the restart: this JVM's executable and options, class path, main class, arguments. */
    static List<String> command(String java, List<String> jvmOptions, String classPath, String[] argv) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(argv));
        return cmd;
    }

    /**
     * A process running {@code hvs argv} in a JVM like this one: its executable, options and class path,
     * less any agent (a debugger's port would be opened twice), with the environment variables the
     * launcher folds into the options removed (they are passed explicitly); empty where the JVM does not
     * say what its executable is.
     */
    static Optional<ProcessBuilder> sameJvm(String[] argv) {
        Optional<String> java = ProcessHandle.current().info().command();
        if (java.isEmpty()) {
            return Optional.empty();
        }
        List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(o -> AGENTS.stream().noneMatch(o::startsWith)).toList();
        ProcessBuilder pb = new ProcessBuilder(command(java.get(), jvmOptions, System.getProperty("java.class.path"), argv));
        OPTION_VARIABLES.forEach(pb.environment()::remove);
        return Optional.of(pb);
    }

    /**
     * Runs the command in a restarted JVM on tcmalloc where {@link #library} says so and returns its exit
     * code; empty when the command should run in this process (including when the restart cannot start).
     */
    static Optional<Integer> run(String[] argv) {
        List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
        Optional<Path> lib = library(argv, System.getenv(), ProcessMemory::allocator, jvmOptions, Files::isReadable);
        Optional<ProcessBuilder> same = lib.isEmpty() ? Optional.empty() : sameJvm(argv);
        if (same.isEmpty()) {
            return Optional.empty();
        }
        ProcessBuilder pb = same.get().inheritIO();
        pb.environment().put("LD_PRELOAD", lib.get().toString());
        pb.environment().put(MARK, "1");
        System.err.println("hvs: restarting on tcmalloc (" + lib.get() + "), which trains faster than glibc's malloc;"
                + " " + SWITCH + "=glibc stays on glibc");
        Process child;
        try {
            child = pb.start();
        } catch (Exception e) {
            System.err.println("hvs: could not restart (" + e.getMessage() + "), running on glibc");
            return Optional.empty();
        }
        Thread stop = new Thread(child::destroy, "hvs-relaunch-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            return Optional.of(child.waitFor());
        } catch (InterruptedException e) {
            child.destroy();
            Thread.currentThread().interrupt();
            return Optional.of(130);
        }
    }
}
