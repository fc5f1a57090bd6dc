package dev.seqlog.server.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code cluster status}: the node's Raft status (role, leader, term, commit and applied index, members and, on the
 * leader, each follower's lag) as one JSON line. Confined to the caller.
 */
@Command(name = "status", description = "Show the node's Raft status as one JSON line (GET /v0/cluster): role, "
        + "leader, term, commit and applied index, the members, and on the leader each follower's lag.")
final class ClusterStatusCommand extends ClientCommand implements Callable<Integer> {
    ClusterStatusCommand(Streams io) {
        super(io);
    }

    @Override
    public Integer call() {
        byte[] answer = Jsons.withoutPerformance(client().get("/cluster"));
        io.out().write(answer, 0, answer.length);
        io.out().println();
        io.out().flush();
        return 0;
    }
}
