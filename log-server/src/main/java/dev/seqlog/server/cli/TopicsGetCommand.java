package dev.seqlog.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code topics get TOPIC}: the topic's state and config as one JSON line. Confined to the caller. */
@Command(name = "get", description = "Show a topic's state and config as one JSON line (GET /v0/topics/TOPIC).")
final class TopicsGetCommand extends ClientCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic.")
    private String topic;

    TopicsGetCommand(Streams io) {
        super(io);
    }

    @Override
    public Integer call() {
        byte[] answer = Jsons.withoutPerformance(client().get("/topics/" + ApiClient.segment(topic)));
        io.out().write(answer, 0, answer.length);
        io.out().println();
        io.out().flush();
        return 0;
    }
}
