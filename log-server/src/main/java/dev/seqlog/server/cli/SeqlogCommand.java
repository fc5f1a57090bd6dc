package dev.seqlog.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * The top level: commands and the standard help and version options. {@link Cli} routes an invocation
 * without a command to {@code serve}. Confined to the invoking thread.
 */
@Command(name = "java -jar seqlog-server.jar", mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "The seqlog server and its command-line tools. With no command, runs 'serve'.",
        footer = {"", "Run '<command> --help' for the options of a command.", "",
            "Exit status: 0 success, 1 failure (configuration, start-up, server error), 2 usage error."})
final class SeqlogCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        // unreachable through Cli.run, which always names a command; kept total for embedders
        spec.commandLine().usage(spec.commandLine().getErr());
        return Cli.USAGE;
    }
}
