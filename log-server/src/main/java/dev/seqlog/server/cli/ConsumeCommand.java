package dev.seqlog.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code consume TOPIC}: reads records after a cursor with the diff call (API §4) and prints each as one JSON
 * line, as the server sent it. A tombstone (records lost involuntarily, §4.3) is printed as its own line,
 * {@code {"$tombstone":{...}}}, before the records that follow it, so a gap is never silent. Stops once
 * caught up, or with {@code --follow} keeps long-polling. Confined to the caller.
 */
@Command(name = "consume", description = {"Print a topic's records after a cursor as NDJSON "
        + "(POST /v0/topics/TOPIC/diff), until caught up or, with --follow, as they arrive.",
    "A tombstone (records lost to a cap, TTL, restart or recreation) is printed as its own line "
        + "{\"$tombstone\":{...}}."})
final class ConsumeCommand extends ClientCommand implements Callable<Integer> {
    /** The longest long-poll the server grants (API §4.4). */
    static final int MAX_WAIT_MS = 30_000;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic.")
    private String topic;

    @Option(names = "--from-seq", paramLabel = "SEQ", defaultValue = "0",
            description = "Cursor, exclusive: print records after SEQ. Default: 0 (from the beginning).")
    private long fromSeq;

    @Option(names = "--follow", description = "Keep waiting for new records (long-poll) instead of stopping when "
            + "caught up.")
    private boolean follow;

    @Option(names = "--wait-ms", paramLabel = "MS", defaultValue = "" + MAX_WAIT_MS,
            description = "With --follow: how long each request waits for new records (at most 30000). "
                    + "Default: 30000.")
    private int waitMs;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Records per request; 0 means the server's default. Default: 0.")
    private int limit;

    @Option(names = "--node", paramLabel = "NODE", description = "Reader identity: skip records written with this "
            + "node (API §5). Default: none.")
    private String node;

    ConsumeCommand(Streams io) {
        super(io);
    }

    @Override
    public Integer call() {
        if (fromSeq < 0 || limit < 0 || waitMs < 0 || waitMs > MAX_WAIT_MS) {
            throw new ParameterException(spec.commandLine(),
                    "--from-seq and --limit must not be negative, --wait-ms must be between 0 and " + MAX_WAIT_MS);
        }
        ApiClient api = client();
        String path = "/topics/" + ApiClient.segment(topic) + "/diff";
        long cursor = fromSeq;
        while (true) {
            Map<String, byte[]> answer = Jsons.fields(api.post(path, request(cursor)));
            byte[] tombstone = answer.get("tombstone");
            boolean printed = false;
            if (!Jsons.isNull(tombstone)) {
                line("{\"$tombstone\":".getBytes(StandardCharsets.UTF_8), tombstone, new byte[] {'}'});
                printed = true;
            }
            for (byte[] record : Jsons.elements(answer.get("records"))) {
                line(new byte[0], record, new byte[0]);
                printed = true;
            }
            io.out().flush();
            long next = Jsons.number(answer.get("next_from_seq"), "next_from_seq");
            boolean caughtUp = "true".equals(Jsons.text(answer.getOrDefault("caught_up", new byte[0])));
            // a batch can be empty yet move the cursor (every record in it was another node's echo)
            if (!follow && (caughtUp || (!printed && next == cursor))) {
                return 0;
            }
            cursor = next;
        }
    }

    private void line(byte[] before, byte[] value, byte[] after) {
        io.out().write(before, 0, before.length);
        io.out().write(value, 0, value.length);
        io.out().write(after, 0, after.length);
        io.out().println();
    }

    private byte[] request(long cursor) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        String s = "{\"from_seq\":" + cursor + ",\"limit\":" + limit + ",\"include_tags\":true,\"wait_ms\":"
                + (follow ? waitMs : 0);
        b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        if (node != null) {
            b.writeBytes(",\"node\":".getBytes(StandardCharsets.UTF_8));
            b.writeBytes(Jsons.quote(node));
        }
        b.write('}');
        return b.toByteArray();
    }
}
