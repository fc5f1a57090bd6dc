package dev.seqlog.server.cli;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.seqlog.server.cli.CommandRun.failsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench} end to end against a server on an ephemeral port: its report against the topic, errors. */
class BenchCommandTest extends ServerCommandTest {

    private CommandRun.Result run(String... args) {
        return CommandRun.run(server, "", args);
    }

    /** The report's lines by label, each as its key=value words. */
    private static Map<String, Map<String, String>> report(String out) {
        Map<String, Map<String, String>> m = new HashMap<>();
        for (String line : out.lines().toList()) {
            String[] words = line.split(" ");
            Map<String, String> values = new HashMap<>();
            for (int i = 1; i < words.length; i++) {
                int eq = words[i].indexOf('=');
                assertTrue(eq > 0, line);
                values.put(words[i].substring(0, eq), words[i].substring(eq + 1));
            }
            m.put(words[0], values);
        }
        return m;
    }

    private static long number(Map<String, Map<String, String>> report, String line, String key) {
        return Long.parseLong(report.get(line).get(key));
    }

    @Test
    void reportCountsMatchWhatTheTopicHolds() {
        CommandRun.Result r = run("bench", "--topic", "b", "--duration", "1", "--rate", "200", "--batch", "10",
                "--record-bytes", "64");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err(), "no progress line when not at a terminal");
        Map<String, Map<String, String>> rep = report(r.out());
        assertEquals(List.of("bench", "end_to_end_latency_ms", "read", "write_latency_ms", "written"),
                rep.keySet().stream().sorted().toList(), r.out());
        long written = number(rep, "written", "records");
        assertTrue(written > 0 && written <= 200 && written % 10 == 0,
                "paced to the rate in whole batches: " + written);
        assertEquals(written * 64, number(rep, "written", "bytes"));
        assertEquals(written, number(rep, "read", "records"));
        assertEquals(written * 64, number(rep, "read", "bytes"), "each record's data is exactly --record-bytes");
        assertEquals(written / 10, number(rep, "write_latency_ms", "count"));
        assertEquals(written, number(rep, "end_to_end_latency_ms", "count"));
        for (String p : List.of("p50", "p90", "p99", "p99.9", "max")) {
            assertTrue(Double.parseDouble(rep.get("end_to_end_latency_ms").get(p)) >= 0, p);
        }
        Map<String, byte[]> topic = Jsons.fields(run("topics", "get", "b").out().strip()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(written, Jsons.number(topic.get("head_seq"), "head_seq"));
        assertEquals(written, Jsons.number(topic.get("count"), "count"));

        // a second run on the same topic reads only what it wrote
        CommandRun.Result again = run("bench", "--topic", "b", "--duration", "0.2", "--rate", "50", "--batch", "5",
                "--consumers", "2");
        assertEquals(0, again.code(), again.err());
        Map<String, Map<String, String>> rep2 = report(again.out());
        assertEquals(2 * number(rep2, "written", "records"), number(rep2, "read", "records"), "each reader reads all");
    }

    @Test
    void aFreshTopicIsDeletedUnlessKept() {
        CommandRun.Result r = run("bench", "--duration", "0.2", "--rate", "20", "--batch", "2", "--consumers", "0",
                "--durability", "memory");
        assertEquals(0, r.code(), r.err());
        String name = report(r.out()).get("bench").get("topic");
        assertTrue(name.startsWith("bench-"), name);
        assertEquals(0, number(report(r.out()), "read", "records"));
        failsWith(run("topics", "get", name), 1, "topic_not_found: ");

        CommandRun.Result kept = run("bench", "--duration", "0.2", "--rate", "20", "--batch", "2", "--keep",
                "--durability", "memory");
        assertEquals(0, kept.code(), kept.err());
        CommandRun.Result topic = run("topics", "get", report(kept.out()).get("bench").get("topic"));
        assertEquals(0, topic.code(), topic.err());
        assertTrue(topic.out().contains("\"durability\":\"memory\""), topic.out());
    }

    @Test
    void badArgumentsExit2() {
        failsWith(run("bench", "--rate", "-1"), 2, "Invalid value for option '--rate'");
        failsWith(run("bench", "--duration", "0"), 2, "Invalid value for option '--duration'");
        failsWith(run("bench", "--record-bytes", "8"), 2, "Invalid value for option '--record-bytes'");
        failsWith(run("bench", "--batch", "0"), 2, "Invalid value for option '--batch'");
        failsWith(run("bench", "--consumers", "-1"), 2, "Invalid value for option '--consumers'");
        failsWith(run("bench", "--durability", "tape"), 2, "Invalid value for option '--durability'");
        failsWith(run("bench", "--topic", "t", "--keep"), 2, "--keep applies to the fresh topic only");
        failsWith(run("bench", "--rate", "many"), 2, "Invalid value for option '--rate'");
        CommandRun.Result help = run("bench", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("SEQLOG_URL") && help.out().contains("SEQLOG_TOKEN"), help.out());
    }

    @Test
    void serverErrorsExit1AndTheFreshTopicIsStillDeleted() {
        CommandRun.Result tooBig = run("bench", "--batch", "10001", "--duration", "1", "--record-bytes", "32");
        failsWith(tooBig, 1, "batch_too_large: ");
        assertEquals("", run("topics", "list", "--prefix", "bench-").out(), "the fresh topic was deleted");
        failsWith(run("bench", "--topic", "bad name", "--duration", "0.2"), 1, "invalid_request: ");
        run("topics", "create", "existing");
        failsWith(run("bench", "--topic", "existing", "--durability", "fsync", "--duration", "0.2"), 1,
                "topic existing exists: --durability");
        failsWith(run("bench", "--url", "http://127.0.0.1:1", "--duration", "0.2"), 1, "cannot reach ");
    }
}
