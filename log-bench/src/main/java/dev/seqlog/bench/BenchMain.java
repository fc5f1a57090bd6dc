package dev.seqlog.bench;

/**
 * The shared shape of the benchmark tools' {@code main}: parse the options (exit 2 with the usage on a bad
 * one), run (exit 0 when every run verified, 1 when one did not, 3 on a failure). Stateless.
 */
public final class BenchMain {
    /** Parses a tool's arguments. */
    @FunctionalInterface
    public interface Parser<O> {
        /**
         * @param args the arguments
         * @return the options
         * @throws IllegalArgumentException for a bad argument, with a message for the user
         */
        O parse(String[] args);
    }

    /** Runs a tool. */
    @FunctionalInterface
    public interface Runner<O> {
        /**
         * @param options the parsed options
         * @return whether every run verified its results
         * @throws Exception on a failure that stops the tool
         */
        boolean run(O options) throws Exception;
    }

    private BenchMain() {
    }

    /**
     * Parses, runs and exits the JVM with the tool's exit code.
     *
     * @param args the arguments
     * @param usage printed after a bad argument
     * @param parser parses them
     * @param runner runs the tool
     * @param <O> the options type
     */
    public static <O> void run(String[] args, String usage, Parser<O> parser, Runner<O> runner) {
        O opt;
        try {
            opt = parser.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(usage);
            System.exit(2);
            return;
        }
        int code;
        try {
            code = runner.run(opt) ? 0 : 1;
        } catch (Exception e) {
            System.err.println("error: " + e);
            e.printStackTrace(System.err);
            code = 3;
        }
        System.exit(code);
    }
}
