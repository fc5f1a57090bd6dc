package dev.seqlog.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code topics delete TOPIC}: deletes a topic and its routers (API §2.4). Confined to the caller. */
@Command(name = "delete", description = "Delete a topic, its records and its routers (DELETE /v0/topics/TOPIC). "
        + "Deleting an absent topic succeeds with \"deleted\":false.")
final class TopicsDeleteCommand extends ClientCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic.")
    private String topic;

    @Option(names = "--if-empty", description = "Delete only if the topic holds no live records "
            + "(else the server answers topic_not_empty).")
    private boolean ifEmpty;

    TopicsDeleteCommand(Streams io) {
        super(io);
    }

    @Override
    public Integer call() {
        String path = "/topics/" + ApiClient.segment(topic) + (ifEmpty ? "?if_empty=true" : "");
        byte[] answer = Jsons.withoutPerformance(client().delete(path));
        io.out().write(answer, 0, answer.length);
        io.out().println();
        io.out().flush();
        return 0;
    }
}
