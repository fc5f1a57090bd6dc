package dev.seqlog.server.cli;

import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.config.ServerConfig;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client commands end to end against a server on an ephemeral port: output, errors, exit codes. */
class ClientCommandsTest extends ServerCommandTest {

    /** Exit status and output of one invocation. */
    record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private Result run(String stdin, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("SEQLOG_URL", server.baseUri().toString());
        int code = Cli.run(args, new Streams(e, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result run(String... args) {
        return run("", Map.of(), args);
    }

    private static void failsWith(Result r, int code, String errorStart) {
        assertEquals(code, r.code(), r.err());
        assertEquals(code == 2 ? 2 : 1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("seqlog: " + errorStart), r.err());
    }

    @Test
    void topicsCreateGetListDelete() {
        Result created = run("topics", "create", "jobs", "--type", "queue", "--cap-records", "5", "--durability",
                "memory", "--priority", "7", "--auto-priority", "false", "--dead-letter", "jobs.dead");
        assertEquals(0, created.code(), created.err());
        assertTrue(created.out().startsWith("{\"topic\":\"jobs\",\"created\":true,"), created.out());
        assertTrue(created.out().contains("\"type\":\"queue\"") && created.out().contains("\"cap_records\":5")
                && created.out().contains("\"durability\":\"memory\"") && created.out().contains("\"priority\":7")
                && created.out().contains("\"auto_priority\":false")
                && created.out().contains("\"dead_letter\":\"jobs.dead\""), created.out());
        assertEquals(1, created.lines().size());
        assertTrue(!created.out().contains("performance"), "timings are left out");
        // a PUT states the whole config: what is not given returns to its default, except the type
        Result again = run("topics", "create", "jobs", "--ttl-ms", "60000");
        assertTrue(again.out().contains("\"created\":false") && again.out().contains("\"cap_records\":0")
                && again.out().contains("\"ttl_ms\":60000") && again.out().contains("\"type\":\"queue\""), again.out());
        assertEquals(0, run("topics", "create", "a:b").code());

        Result got = run("topics", "get", "a:b");
        assertEquals(0, got.code(), got.err());
        assertTrue(got.out().startsWith("{\"topic\":\"a:b\","), got.out());

        Result list = run("topics", "list");
        assertEquals(List.of("a:b", "jobs"), list.lines().stream()
                .map(l -> l.substring("{\"topic\":\"".length(), l.indexOf('"', "{\"topic\":\"".length()))).toList());
        assertEquals(1, run("topics", "list", "--prefix", "jo").lines().size());

        assertEquals("{\"topic\":\"a:b\",\"deleted\":true,\"routers_removed\":[]}",
                run("topics", "delete", "a:b").out().strip());
        assertEquals("{\"topic\":\"a:b\",\"deleted\":false,\"routers_removed\":[]}",
                run("topics", "delete", "a:b").out().strip(), "deleting an absent topic succeeds");
    }

    @Test
    void topicsBadArgumentsAndServerErrors() {
        failsWith(run("topics"), 2, "Missing command");
        failsWith(run("topics", "get"), 2, "Missing required parameter");
        failsWith(run("topics", "create", "t", "--type", "stream"), 2, "Invalid value for option '--type'");
        failsWith(run("topics", "create", "t", "--ttl-ms", "-1"), 2, "Invalid value for option '--ttl-ms'");
        failsWith(run("topics", "create", "t", "--ttl-ms", "soon"), 2, "Invalid value for option '--ttl-ms'");
        failsWith(run("topics", "create", "t", "--auto-create", "yes"), 2, "Invalid value for option '--auto-create'");
        failsWith(run("topics", "get", "absent"), 1, "topic_not_found: ");
        assertTrue(run("topics", "get", "absent").err().strip().endsWith("(HTTP 404)"));
        failsWith(run("topics", "create", "bad name"), 1, "invalid_request: ");
        assertEquals(0, run("1\n", Map.of(), "produce", "full").code());
        failsWith(run("topics", "delete", "full", "--if-empty"), 1, "topic_not_empty: ");
        assertEquals(0, run("topics", "get", "full").code(), "nothing was deleted");
    }

    @Test
    void produceBatchesLinesAndPrintsTheSeqs(TestDir dir) throws Exception {
        Result r = run("{\"a\":1}\n2\n\n\"x\"\r\n1.000000000000000000001\nnull\n", Map.of(), "produce", "t", "--batch",
                "2", "--tag", "k", "--node", "n1");
        assertEquals(0, r.code(), r.err());
        assertEquals("produced 5 records to t: seqs 1-5", r.out().strip());
        Result c = run("consume", "t");
        assertEquals(List.of("{\"a\":1}", "2", "\"x\"", "1.000000000000000000001", "null"), c.lines().stream()
                .map(l -> l.substring(l.indexOf("\"data\":") + 7, l.length() - 1)).toList(), "payloads byte for byte");
        assertTrue(c.lines().stream().allMatch(l -> l.contains("\"$tag\":\"k\"") && l.contains("\"$node\":\"n1\"")),
                c.out());

        Path file = dir.resolve("records.ndjson");
        Files.writeString(file, "{\"data\":{\"b\":2},\"tag\":\"t1\",\"meta\":{\"m\":\"v\"}}\n{\"data\":3}\n");
        Result f = run("produce", "t", "--file", file.toString(), "--records");
        assertEquals("produced 2 records to t: seqs 6-7", f.out().strip(), f.err());
        assertTrue(run("consume", "t", "--from-seq", "5").out().startsWith("{\"$seq\":6,"));
    }

    @Test
    void produceStopsAtABadLineWithNothingOfItsBatchWritten() {
        Result r = run("1\n2\n3\n{oops\n5\n", Map.of(), "produce", "t", "--batch", "2");
        failsWith(r, 1, "line 4: ");
        assertTrue(r.err().contains("(produced 2 records to t: seqs 1-2 before it)"), r.err());
        assertEquals(2, run("consume", "t").lines().size());
        failsWith(run("[1]\n", Map.of(), "produce", "t", "--records"), 1, "line 1: not a JSON object");
        failsWith(run("1 2\n", Map.of(), "produce", "t"), 1, "line 1: more than one JSON value");
        failsWith(run("produce", "t", "--records", "--tag", "x"), 2, "--tag cannot be combined");
        failsWith(run("produce", "t", "--batch", "0"), 2, "Invalid value for option '--batch'");
        failsWith(run("produce", "t", "--file", "no-such-file.ndjson"), 1, "no such file: ");
        failsWith(run("produce"), 2, "Missing required parameter");
        String tooBig = "1\n".repeat(10_001);
        failsWith(run(tooBig, Map.of(), "produce", "t", "--batch", "10001"), 1, "batch_too_large: ");
    }

    @Test
    void consumeShowsTombstonesOnTheirOwnLine() {
        run("topics", "create", "capped", "--cap-records", "2");
        run("1\n2\n3\n", Map.of(), "produce", "capped");
        Result c = run("consume", "capped");
        assertEquals(0, c.code(), c.err());
        List<String> lines = c.lines();
        assertEquals(3, lines.size(), c.out());
        assertTrue(lines.get(0).startsWith("{\"$tombstone\":{\"gap_from\":1,\"gap_to\":1,\"reason\":\"cap\""),
                lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"$seq\":2,") && lines.get(2).startsWith("{\"$seq\":3,"), c.out());
        assertEquals("", run("consume", "capped", "--from-seq", "3").out(), "caught up: nothing, and it stops");
        failsWith(run("consume", "absent"), 1, "topic_not_found: ");
        failsWith(run("consume", "capped", "--from-seq", "-1"), 2, "--from-seq");
        failsWith(run("consume", "capped", "--follow", "--wait-ms", "30001"), 2, "--from-seq");
    }

    @Test
    void consumeSkipsItsOwnNodesRecordsAndStillReachesTheEnd() {
        run("1\n2\n3\n", Map.of(), "produce", "echo", "--node", "me");
        run("4\n", Map.of(), "produce", "echo", "--node", "other");
        Result c = run("consume", "echo", "--node", "me", "--limit", "1");
        assertEquals(0, c.code(), c.err());
        assertEquals(1, c.lines().size(), c.out());
        assertTrue(c.out().startsWith("{\"$seq\":4,"), c.out());
    }

    @Test
    void consumeFollowPrintsRecordsAsTheyArrive() throws Exception {
        run("1\n", Map.of(), "produce", "live");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger code = new AtomicInteger(-5);
        Thread follower = new Thread(() -> code.set(Cli.run(new String[] {"consume", "live", "--follow",
            "--wait-ms", "500"}, new Streams(Map.of("SEQLOG_URL", server.baseUri().toString()),
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))), "test-follower");
        follower.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString(StandardCharsets.UTF_8).contains("\"$seq\":1,"));
        run("2\n", Map.of(), "produce", "live");
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString(StandardCharsets.UTF_8).contains("\"$seq\":2,"));
        follower.interrupt();
        follower.join(10_000);
        assertEquals(1, code.get(), "an interrupted follow ends as a failure");
    }

    @Test
    void urlAndTokenFromOptionsOrEnvironment() throws Exception {
        server.close();
        server = SeqlogServer.start(ServerConfig.fromEnv(Map.of("SEQLOG_API_KEYS", "secret-admin-key::"))
                .withPort(0).withDataDir(null));
        failsWith(run("topics", "list"), 1, "unauthorized: ");
        assertEquals(0, run("", Map.of("SEQLOG_TOKEN", "secret-admin-key"), "topics", "list").code());
        assertEquals(0, run("topics", "list", "--token", "secret-admin-key").code());
        assertEquals(0, run("topics", "list", "--token", "secret-admin-key", "--url", server.baseUri() + "/v0/").code());
        failsWith(run("topics", "list", "--url", "http://127.0.0.1:1"), 1, "cannot reach http://127.0.0.1:1/v0");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : List.of(new String[] {"topics", "--help"}, new String[] {"topics", "list", "--help"},
                new String[] {"topics", "get", "--help"}, new String[] {"topics", "create", "--help"},
                new String[] {"topics", "delete", "--help"}, new String[] {"produce", "--help"},
                new String[] {"consume", "--help"})) {
            Result r = run(args);
            assertEquals(0, r.code(), String.join(" ", args));
            assertTrue(r.out().startsWith("Usage: java -jar seqlog-server.jar " + args[0]), r.out());
            if (args.length > 2 || !args[0].equals("topics")) {
                assertTrue(r.out().contains("--url") && r.out().contains("SEQLOG_URL")
                        && r.out().contains("SEQLOG_TOKEN"), r.out());
            }
        }
        String top = run("--help").out();
        for (String c : List.of("serve", "topics", "produce", "consume", "version")) {
            assertTrue(top.contains("  " + c + " "), c);
        }
    }
}
