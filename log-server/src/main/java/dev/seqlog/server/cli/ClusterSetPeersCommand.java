package dev.seqlog.server.cli;

import dev.seqlog.replication.Peer;
import dev.seqlog.server.config.ClusterConfig;
import dev.seqlog.server.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code cluster set-peers ID=HOST:PORT,...}: makes the listed nodes the cluster's voters ({@code PUT
 * /v0/cluster/peers}), for instance to replace a dead node by a new one already started with the new list. The
 * list is checked here for form and duplicates; the server checks the rest (a majority of the current voters kept
 * and reachable, new peers running). Prints the node's status afterwards as one JSON line. Confined to the caller.
 */
@Command(name = "set-peers", description = {"Change the cluster's voting members (PUT /v0/cluster/peers; needs an "
        + "admin key without name prefixes). Ask any live node.",
    "To replace a dead node: start the new node with the new list as its SEQLOG_PEERS, then run set-peers with "
        + "that list. The new list must keep a majority of the current members, and a majority of the current "
        + "members must be up."})
final class ClusterSetPeersCommand extends ClientCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "ID=HOST:PORT", description = "Every member of the new "
            + "configuration (its Raft address), comma-separated or as separate arguments.")
    private List<String> lists;

    ClusterSetPeersCommand(Streams io) {
        super(io);
    }

    @Override
    public Integer call() {
        List<Peer> peers;
        try {
            peers = ClusterConfig.parsePeers("the peers", String.join(",", lists));
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        StringBuilder body = new StringBuilder("{\"peers\":[");
        for (int i = 0; i < peers.size(); i++) {
            Peer p = peers.get(i);
            body.append(i == 0 ? "" : ",").append(new String(Jsons.quote(p.id() + "=" + p.address()),
                    StandardCharsets.UTF_8));
        }
        byte[] request = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        byte[] answer = Jsons.withoutPerformance(client().put("/cluster/peers", request));
        io.out().write(answer, 0, answer.length);
        io.out().println();
        io.out().flush();
        return 0;
    }
}
