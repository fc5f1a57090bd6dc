package dev.seqlog.server.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.seqlog.server.cli.CommandRun.failsWith;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tail} end to end against a server on an ephemeral port: lines, stops, errors, exit codes. */
class TailCommandTest extends ServerCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private CommandRun.Result run(String stdin, String... args) {
        return CommandRun.run(server, stdin, args);
    }

    @Test
    void printsRecordsOfTwoTopicsAsTheyAreWrittenAndStopsWhenBothAreDeleted() {
        run("\"old-a\"\n", "produce", "a");
        run("\"old-b\"\n", "produce", "b");
        // from seq 1: only what is written after the first record, whenever the stream opens
        CommandRun.Background tail = CommandRun.start(server, "tail", "a", "b", "--from", "1");
        run("\"a2\"\n", "produce", "a", "--tag", "x");
        await().atMost(WAIT).until(() -> tail.lines().size() == 1);
        assertTrue(tail.lines().get(0).startsWith("{\"$topic\":\"a\",\"$seq\":2,"), tail.lines().get(0));
        assertTrue(tail.lines().get(0).contains("\"$tag\":\"x\"") && tail.lines().get(0).endsWith("\"data\":\"a2\"}"),
                tail.lines().get(0));
        run("\"b2\"\n\"b3\"\n", "produce", "b");
        await().atMost(WAIT).until(() -> tail.lines().size() == 3);
        assertTrue(tail.lines().get(1).startsWith("{\"$topic\":\"b\",\"$seq\":2,"), tail.lines().get(1));
        assertTrue(tail.lines().get(2).startsWith("{\"$topic\":\"b\",\"$seq\":3,"), tail.lines().get(2));

        run("", "topics", "delete", "a");
        await().atMost(WAIT).until(() -> tail.lines().size() == 4);
        assertTrue(tail.lines().get(3).startsWith("{\"$deleted\":{\"topic\":\"a\","), tail.lines().get(3));
        assertEquals(null, tail.code(), "b is still followed");
        run("\"b4\"\n", "produce", "b");
        await().atMost(WAIT).until(() -> tail.lines().size() == 5);
        run("", "topics", "delete", "b");
        await().atMost(WAIT).until(() -> tail.code() != null);
        assertEquals(0, tail.code(), tail.err());
        assertTrue(tail.lines().get(5).startsWith("{\"$deleted\":{\"topic\":\"b\","), tail.lines().toString());
        assertEquals(6, tail.lines().size(), tail.lines().toString());
    }

    @Test
    void printsATombstoneOnItsOwnLineAndStopsWhenCaughtUpIfAsked() {
        run("", "topics", "create", "capped", "--cap-records", "2");
        run("1\n2\n3\n", "produce", "capped");
        run("1\n", "produce", "other");
        CommandRun.Result r = run("", "tail", "capped", "other", "--from", "start,other=1", "--until-caught-up");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.lines();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("{\"$tombstone\":{\"topic\":\"capped\",\"reason\":\"from_seq_too_old\""),
                lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"$topic\":\"capped\",\"$seq\":2,")
                && lines.get(2).startsWith("{\"$topic\":\"capped\",\"$seq\":3,"), r.out());
        CommandRun.Result fromNow = run("", "tail", "capped", "--until-caught-up");
        assertEquals(0, fromNow.code(), fromNow.err());
        assertEquals("", fromNow.out(), "the default starts at the head: nothing old is printed");
    }

    @Test
    void badArgumentsAndServerErrors() {
        run("1\n", "produce", "t");
        failsWith(run("", "tail"), 2, "Missing required parameter");
        failsWith(run("", "tail", "t", "--from", "soon"), 2, "Invalid value for option '--from'");
        failsWith(run("", "tail", "t", "--from", "u=1"), 2, "Invalid value for option '--from'");
        failsWith(run("", "tail", "t", "--from", "-1"), 2, "Invalid value for option '--from'");
        failsWith(run("", "tail", "t", "absent"), 1, "topic_not_found: ");
        failsWith(run("", "tail", "t", "--url", "http://127.0.0.1:1"), 1, "cannot reach http://127.0.0.1:1/v0");
        CommandRun.Result help = run("", "tail", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("SEQLOG_URL") && help.out().contains("SEQLOG_TOKEN"), help.out());
    }
}
