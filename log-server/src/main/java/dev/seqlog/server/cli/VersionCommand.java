package dev.seqlog.server.cli;

import dev.seqlog.server.SeqlogServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code version}: prints the server version. Confined to the invoking thread. */
@Command(name = "version", description = "Print the server version.")
final class VersionCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(SeqlogServer.version());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The version for {@code --version}. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {SeqlogServer.version()};
        }
    }
}
