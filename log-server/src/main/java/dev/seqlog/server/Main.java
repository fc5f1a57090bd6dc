package dev.seqlog.server;

import dev.seqlog.server.cli.Cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * Entry point of the runnable jar; the commands live in {@link dev.seqlog.server.cli}. Exit status per API
 * §13.2: 0 success (including a completed graceful shutdown), 1 failure, 2 usage error. Runs on the main
 * thread.
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err);
        if (code != Cli.SERVING) {
            System.exit(code);
        }
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return Cli.run(args, env, out, err);
    }
}
