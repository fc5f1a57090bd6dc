package dev.seqlog.server.cli;

import dev.seqlog.server.config.ConfigException;
import dev.seqlog.server.config.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code serve} (the default command): runs the server with the environment configuration (API §13.1),
 * each variable overridable by an option of the same name ({@code --data-dir} for SEQLOG_DATA_DIR), except
 * the keys, which a command line would show to every local user. Values are validated only by
 * {@link ServerConfig}, so options and variables are parsed, and rejected, identically. Confined to the
 * invoking thread; shutdown runs on the JVM's shutdown-hook thread.
 */
@Command(name = "serve", sortOptions = false, abbreviateSynopsis = true,
        description = {"Run the server (the default command).",
            "Every option has an environment variable, named below it; an option given on the command line wins "
                + "over its variable."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;
    private final Map<String, String> env;
    private final PrintStream err;
    @Spec
    private CommandSpec spec;

    private ServeCommand(Map<String, String> env, PrintStream err) {
        this.env = env;
        this.err = err;
    }

    static CommandLine create(Map<String, String> env, PrintStream err) {
        CommandLine cl = new CommandLine(new ServeCommand(env, err));
        CommandSpec spec = cl.getCommandSpec();
        List<String> environmentOnly = new ArrayList<>();
        for (ServerVariables.Variable v : ServerVariables.ALL) {
            if (v.environmentOnly()) {
                environmentOnly.add(String.format("  %s (default: %s)%n      %s", v.name(), v.defaultText(),
                        v.meaning()));
                continue;
            }
            spec.addOption(OptionSpec.builder(v.option())
                    .type(String.class)
                    .paramLabel(v.flag() ? "BOOL" : label(v.name()))
                    .arity(v.flag() ? "0..1" : "1")
                    .fallbackValue(v.flag() ? "1" : "")
                    .description(v.meaning(), "Default: " + v.defaultText() + ". Environment: " + v.name() + ".")
                    .build());
        }
        List<String> footer = new ArrayList<>();
        footer.add("");
        footer.add("Read only from the environment:");
        environmentOnly.forEach(footer::add);
        footer.add("");
        footer.add("Booleans accept 1/true/0/false; sizes are bytes and durations milliseconds; an empty value "
                + "means unset. Any invalid value stops start-up with a message naming the variable (status 1).");
        spec.usageMessage().footer(footer.toArray(String[]::new));
        return cl;
    }

    private static String label(String variable) {
        if (variable.endsWith("_MS")) {
            return "MS";
        }
        if (variable.endsWith("_BYTES") || variable.endsWith("_IN_FLIGHT")) {
            return "BYTES";
        }
        if (variable.endsWith("_DIR") || variable.endsWith("_FILE")) {
            return "PATH";
        }
        if (variable.equals("SEQLOG_CONSOLE")) {
            return "on|off";
        }
        if (variable.equals("SEQLOG_PEERS")) {
            return "ID=HOST:PORT,ID=HOST:PORT";
        }
        if (variable.equals("SEQLOG_NODE_ID") || variable.equals("SEQLOG_CLUSTER_NAME")) {
            return "NAME";
        }
        return variable.equals("SEQLOG_HOST") ? "HOST[:PORT]" : variable.endsWith("_LEVEL") ? "LEVEL" : "VALUE";
    }

    @Override
    public Integer call() {
        ServerConfig config;
        try {
            config = ServerConfig.fromEnv(merged());
        } catch (ConfigException e) {
            err.println("seqlog: invalid configuration: " + e.getMessage());
            return Cli.FAILURE;
        }
        return ServerRun.start(config, err);
    }

    /** The environment with the given options applied on top. */
    private Map<String, String> merged() {
        Map<String, String> vars = new HashMap<>(env);
        ParseResult parsed = spec.commandLine().getParseResult();
        for (ServerVariables.Variable v : ServerVariables.ALL) {
            if (!v.environmentOnly() && parsed.hasMatchedOption(v.option())) {
                vars.put(v.name(), parsed.matchedOptionValue(v.option(), ""));
            }
        }
        return vars;
    }
}
