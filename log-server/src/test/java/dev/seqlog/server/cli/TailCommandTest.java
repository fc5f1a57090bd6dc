package dev.seqlog.server.cli;

import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.UrlClient;
import dev.seqlog.server.config.ServerConfig;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;

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

    /** Stands in for the pauses between reconnects: records each one and ends it only when the test says. */
    private static final class Pauses implements Backoff.Sleeper {
        final List<Long> asked = new CopyOnWriteArrayList<>();
        private final Semaphore go = new Semaphore(0);

        @Override
        public void sleep(long ms) throws InterruptedException {
            asked.add(ms);
            go.acquire();
        }

        /** Ends the pause in progress, or the next one. */
        void endOne() {
            go.release();
        }

        /**
         * Ends every pause from now on: once the server is reachable, an extra attempt (a pooled connection the
         * old server closed, say) must not stall the test.
         */
        void endAll() {
            go.release(Integer.MAX_VALUE / 2);
        }
    }

    /** A server over a data directory, so that a restart keeps the topics (watch sessions die with it). */
    private static SeqlogServer onDisk(Path data, int port) {
        SeqlogServer s = SeqlogServer.start(ServerConfig.defaults().withPort(port).withDataDir(data));
        s.awaitReady();
        return s;
    }

    /** The lines of one topic's records. */
    private static List<String> records(List<String> lines, String topic) {
        return lines.stream().filter(l -> l.startsWith("{\"$topic\":\"" + topic + "\",")).toList();
    }

    private static void isRecord(String line, String topic, int seq) {
        assertTrue(line.startsWith("{\"$topic\":\"" + topic + "\",\"$seq\":" + seq + ",")
                && line.endsWith("\"data\":\"" + topic + seq + "\"}"), line);
    }

    @Test
    void reconnectsAcrossAServerRestartAndPrintsEveryRecordOnceInOrder(TestDir dir) {
        server.close();
        server = onDisk(dir.resolve("data"), 0);
        int port = server.port();
        run("\"a1\"\n\"a2\"\n", "produce", "a");
        run("\"b1\"\n", "produce", "b");
        Pauses pauses = new Pauses();
        CommandRun.Background tail = CommandRun.start(server, pauses, "tail", "a", "b", "--from", "start");
        await().atMost(WAIT).until(() -> tail.lines().size() == 3);

        server.close(); // the stream ends, and its session with the server
        await().atMost(WAIT).until(() -> pauses.asked.size() == 1);
        pauses.endOne(); // one attempt while nothing listens: refused, so it pauses longer and tries again
        await().atMost(WAIT).until(() -> pauses.asked.size() == 2);
        server = onDisk(dir.resolve("data"), port);
        run("\"a3\"\n", "produce", "a"); // written while the tail is away
        run("\"b2\"\n", "produce", "b");
        pauses.endAll();
        await().atMost(WAIT).until(() -> tail.lines().size() == 5);
        run("\"a4\"\n", "produce", "a");
        await().atMost(WAIT).until(() -> tail.lines().size() == 6);
        run("", "topics", "delete", "a");
        run("", "topics", "delete", "b");
        await().atMost(WAIT).until(() -> tail.code() != null);

        assertEquals(0, tail.code(), tail.err());
        List<String> lines = tail.lines();
        assertEquals(8, lines.size(), lines.toString()); // six records and two deletions
        List<String> a = records(lines, "a");
        List<String> b = records(lines, "b");
        assertEquals(4, a.size(), lines.toString());
        assertEquals(2, b.size(), lines.toString());
        for (int i = 0; i < a.size(); i++) {
            isRecord(a.get(i), "a", i + 1);
        }
        for (int i = 0; i < b.size(); i++) {
            isRecord(b.get(i), "b", i + 1);
        }
        assertEquals(List.of(100L, 200L), pauses.asked.subList(0, 2));
        List<String> err = tail.err().lines().toList();
        assertTrue(err.get(0).startsWith("seqlog tail: stream dropped (")
                && err.get(0).endsWith("), reconnecting in 100 ms"), err.get(0));
        assertTrue(err.get(1).startsWith("seqlog tail: reconnect failed (cannot reach ")
                && err.get(1).endsWith(": connection refused), retrying in 200 ms"), err.get(1));
    }

    @Test
    void reopensItsSessionAfterAConnectionResetAndPrintsWhatWasWrittenMeanwhile() throws Exception {
        run("\"a1\"\n", "produce", "a");
        Pauses pauses = new Pauses();
        CommandRun.Background tail;
        try (CuttingProxy proxy = new CuttingProxy(server.port())) {
            tail = CommandRun.start(server, pauses, "tail", "a", "--from", "start", "--url",
                    "http://127.0.0.1:" + proxy.port());
            await().atMost(WAIT).until(() -> tail.lines().size() == 1);
            proxy.cut();
            await().atMost(WAIT).until(() -> pauses.asked.size() == 1);
            run("\"a2\"\n", "produce", "a");
            pauses.endAll();
            await().atMost(WAIT).until(() -> tail.lines().size() == 2);
            run("\"a3\"\n", "produce", "a");
            await().atMost(WAIT).until(() -> tail.lines().size() == 3);
            assertTrue(UrlClient.send(server.baseUri().toString(), "GET", "/v0/metrics", null)
                    .contains("\nseqlog_watch_sessions 1\n"), "the session was reopened, not replaced");
            run("", "topics", "delete", "a");
            await().atMost(WAIT).until(() -> tail.code() != null);
        }
        assertEquals(0, tail.code(), tail.err());
        List<String> a = records(tail.lines(), "a");
        assertEquals(3, a.size(), tail.lines().toString());
        for (int i = 0; i < a.size(); i++) {
            isRecord(a.get(i), "a", i + 1);
        }
        assertEquals(100L, pauses.asked.get(0));
        String dropped = tail.err().lines().findFirst().orElse("");
        assertTrue(dropped.startsWith("seqlog tail: stream dropped (connection lost")
                && dropped.endsWith("reconnecting in 100 ms"), tail.err());
    }

    @Test
    void aTopicGoneWhileTheTailIsAwayEndsItWithOneLineAndStatusOne(TestDir dir) {
        server.close();
        server = onDisk(dir.resolve("data"), 0);
        int port = server.port();
        run("\"a1\"\n", "produce", "a");
        run("\"b1\"\n", "produce", "b");
        Pauses pauses = new Pauses();
        CommandRun.Background tail = CommandRun.start(server, pauses, "tail", "a", "b", "--from", "start");
        await().atMost(WAIT).until(() -> tail.lines().size() == 2);

        server.close();
        await().atMost(WAIT).until(() -> pauses.asked.size() == 1);
        server = onDisk(dir.resolve("data"), port);
        run("", "topics", "delete", "b");
        // the session is unknown to the new server, and a new one cannot name b: retrying cannot help, so the
        // tail ends rather than loop through pauses that no longer block
        pauses.endAll();
        await().atMost(WAIT).until(() -> tail.code() != null);

        assertEquals(1, tail.code(), tail.err());
        assertEquals(100L, pauses.asked.get(0));
        List<String> err = tail.err().lines().toList();
        String last = err.get(err.size() - 1);
        assertTrue(last.startsWith("seqlog: topic_not_found: ") && last.endsWith("(HTTP 404)"), tail.err());
        assertEquals(1, tail.err().split("topic_not_found", -1).length - 1, "reported once, never retried");
        assertEquals(2, tail.lines().size(), "nothing printed after the drop");
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
