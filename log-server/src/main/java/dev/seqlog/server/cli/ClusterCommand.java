package dev.seqlog.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code cluster}: the group of cluster commands; on its own it is a usage error. Confined to the caller. */
@Command(name = "cluster", description = "Show a cluster node's Raft status, or change the cluster's members.")
final class ClusterCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: status or set-peers");
    }
}
