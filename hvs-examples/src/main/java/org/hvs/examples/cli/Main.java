package org.hvs.examples.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code hvs} command line: {@code java -jar hvs-examples/target/hvs.jar COMMAND [options]}.
 * Commands: {@code pretrain}, {@code eval}, {@code bench}, {@code views}, {@code report}. Exit code 0 on success,
 * 2 on a usage error, 1 on any other error (with its message on standard error).
 */
public final class Main {
    private Main() {
    }

    /** Runs the command, restarted on tcmalloc first where {@link Relaunch} finds it, and exits with its code. */
    public static void main(String[] argv) {
        System.exit(Relaunch.run(argv).orElseGet(() -> run(argv, System.out, System.err)));
    }

    /** Runs a command; returns the exit code. */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            out.println(usage());
            return argv.length == 0 ? 2 : 0;
        }
        String command = argv[0];
        try {
            Args args = new Args(command, argv, 1);
            return switch (command) {
                case "pretrain" -> PretrainCommand.run(args, out);
                case "eval" -> EvalCommand.run(args, out);
                case "bench" -> BenchCommand.run(args, out);
                case "views" -> ViewsCommand.run(args, out);
                case "report" -> ReportCommand.run(args, out);
                // internal: one selector's steps for bench, driven over standard input (see StepWorker)
                case StepWorker.COMMAND -> StepWorker.serve(args,
                        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
                default -> throw new Args.UsageException("unknown command '" + command + "'; commands: pretrain, eval, bench, views, report");
            };
        } catch (Args.UsageException ex) {
            err.println("error: " + ex.getMessage());
            err.println(usage());
            return 2;
        } catch (Exception ex) {
            err.println("error: " + ex.getMessage());
            if (System.getenv("HVS_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return 1;
        }
    }

    static String usage() {
        return String.join("\n", Arrays.asList(
                "usage: java -jar hvs-examples/target/hvs.jar COMMAND [options]",
                "",
                PretrainCommand.USAGE,
                EvalCommand.USAGE,
                BenchCommand.USAGE,
                ViewsCommand.USAGE,
                ReportCommand.USAGE));
    }
}
