package dev.seqlog.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;

/**
 * Builds the command line of the runnable jar (API §13.2) and runs one invocation. Exit status: 0 on
 * success, 1 for a failure (invalid configuration, start-up or server error), 2 for a usage error; a
 * started server returns {@link #SERVING} and keeps the process alive. Every failure is one line on
 * stderr prefixed {@code seqlog:}. Confined to the calling thread.
 */
public final class Cli {
    /** Returned when the server is up and the process must keep running. */
    public static final int SERVING = -1;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    private static final Set<String> TOP_LEVEL_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    private Cli() {
    }

    /**
     * Runs one invocation.
     *
     * @param args the arguments
     * @param env the process environment (SEQLOG_* variables)
     * @param out standard output
     * @param err standard error
     * @return the exit status, or {@link #SERVING}
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, new Streams(env, System.in, out, err));
    }

    static int run(String[] args, Streams io) {
        return run(args, io, Thread::sleep);
    }

    /** As {@link #run(String[], Streams)}, with {@code pause} making tail's waits between reconnects. */
    static int run(String[] args, Streams io, Backoff.Sleeper pause) {
        CommandLine cl = build(io, pause);
        cl.setOut(writer(io.out()));
        cl.setErr(writer(io.err()));
        return cl.execute(withCommand(args));
    }

    /**
     * Names {@code serve} when no command is given, so {@code java -jar seqlog-server.jar --port 4100} keeps
     * working as it always has; only the top level's own help and version options stay at the top.
     */
    static String[] withCommand(String[] args) {
        if (args.length > 0 && (!args[0].startsWith("-") || TOP_LEVEL_OPTIONS.contains(args[0]))) {
            return args;
        }
        String[] a = new String[args.length + 1];
        a[0] = "serve";
        System.arraycopy(args, 0, a, 1, args.length);
        return a;
    }

    static CommandLine build(Streams io) {
        return build(io, Thread::sleep);
    }

    private static CommandLine build(Streams io, Backoff.Sleeper pause) {
        CommandLine cl = new CommandLine(new SeqlogCommand());
        cl.addSubcommand(ServeCommand.create(io.env(), io.err()));
        cl.addSubcommand(new CommandLine(new TopicsCommand())
                .addSubcommand(new CommandLine(new TopicsListCommand(io)))
                .addSubcommand(new CommandLine(new TopicsGetCommand(io)))
                .addSubcommand(new CommandLine(new TopicsCreateCommand(io)))
                .addSubcommand(new CommandLine(new TopicsDeleteCommand(io))));
        cl.addSubcommand(new CommandLine(new ProduceCommand(io)));
        cl.addSubcommand(new CommandLine(new ConsumeCommand(io)));
        cl.addSubcommand(new CommandLine(new TailCommand(io, pause)));
        cl.addSubcommand(new CommandLine(new BenchCommand(io)));
        cl.addSubcommand(new CommandLine(new VersionCommand()));
        cl.addSubcommand(new CommandLine(new BackupCommand(io)));
        cl.addSubcommand(new CommandLine(new RestoreCommand(io)));
        cl.addSubcommand(new CommandLine(new VerifyCommand(io)));
        cl.addSubcommand(new CommandLine(new DumpCommand(io)));
        cl.addSubcommand(new CommandLine(new ClusterCommand())
                .addSubcommand(new CommandLine(new ClusterStatusCommand(io)))
                .addSubcommand(new CommandLine(new ClusterSetPeersCommand(io))));
        cl.addSubcommand(new CommandLine.HelpCommand());
        // plain text whatever the terminal: help is read in logs and diffed in tests as often as on a tty
        cl.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter w = e.getCommandLine().getErr();
            w.println("seqlog: " + e.getMessage());
            w.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            w.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            PrintWriter w = c.getErr();
            w.println("seqlog: " + (e instanceof CliFailure ? e.getMessage() : e.toString()));
            w.flush();
            return FAILURE;
        });
        return cl;
    }

    private static PrintWriter writer(PrintStream s) {
        return new PrintWriter(s, true);
    }
}
