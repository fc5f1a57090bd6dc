package dev.seqlog.server.cluster;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.replication.ClusterSettings;
import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.UrlClient;
import dev.seqlog.server.cli.Cli;
import dev.seqlog.server.http.JsonValue;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.LogCapture;
import dev.seqlog.testsupport.LogEvent;
import dev.seqlog.testsupport.TestDir;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three servers in cluster mode in one JVM: a write through any node's HTTP API is read on every node; readiness,
 * {@code GET /v0/cluster} and metrics show the Raft view; queue calls, /work streams and routers are replicated;
 * a queue's coalescing window is kept by the node its claims reach;
 * and a stopped node is replaced, through the {@code cluster set-peers} command, by a new node that catches up and
 * takes writes. A single node answers the cluster routes with not_found.
 */
class ClusterModeTest {
    private static final String TOPIC = "orders";
    /**
     * Ratis logs at ERROR when a node closing down still receives a heartbeat ({@code RaftServer$Division}). No
     * other ERROR is expected.
     */
    private static final Set<String> RATIS_ERROR_LOGGERS = Set.of("org.apache.ratis.server.RaftServer$Division");

    @BeforeAll
    static void cliClient() {
        // the CLI's HTTP client is built once per JVM with two threads that outlive every test: build it before the
        // test, whose thread-leak check would otherwise blame it for them (the call itself finds nobody listening)
        cli("cluster", "status", "--url", "http://127.0.0.1:1");
    }

    @Test
    @ExpectErrorLogs
    void anyNodeTakesWritesEveryNodeReadsThemAndADeadNodeIsReplaced(TestDir dir, LogCapture logs) throws Exception {
        try (ServerCluster cluster = ServerCluster.start(dir.path(), 3)) {
            Map<String, Object> leaderView = awaitAllReady(cluster);
            String leader = (String) leaderView.get("leader_id");
            List<String> followers = cluster.running().stream().filter(id -> !id.equals(leader)).toList();

            // ready bodies and GET /v0/cluster show the Raft view; the leader's has each follower's progress
            for (String id : cluster.running()) {
                Map<String, Object> c = cluster(cluster, id, "/v0/ready");
                assertEquals(id, c.get("node_id"));
                assertEquals(id.equals(leader) ? "leader" : "follower", c.get("role"));
                assertEquals(leader, c.get("leader_id"));
                assertTrue((Long) c.get("term") >= 1, c.toString());
                assertTrue((Long) c.get("applied_index") >= 0 && (Long) c.get("commit_index") >= 0, c.toString());
                List<?> peers = (List<?>) c.get("peers");
                assertEquals(3, peers.size(), c.toString());
                for (Object p : peers) {
                    assertNull(JsonValue.at(p, "address"), "the unauthenticated probe shows no Raft address");
                    String peer = (String) JsonValue.at(p, "id");
                    boolean followerOnLeader = id.equals(leader) && !peer.equals(leader);
                    assertEquals(followerOnLeader, JsonValue.at(p, "match_index") != null, c.toString());
                    assertEquals(followerOnLeader, JsonValue.at(p, "lag") != null, c.toString());
                }
            }
            Map<String, Object> followerView = cluster(cluster, followers.get(0), "/v0/cluster");
            assertEquals("follower", followerView.get("role"));
            assertEquals(cluster.peer(leader).substring(leader.length() + 1),
                    ((List<?>) followerView.get("peers")).stream().filter(p -> leader.equals(JsonValue.at(p, "id")))
                            .map(p -> JsonValue.at(p, "address")).findFirst().orElseThrow());

            // a write through a follower's HTTP API, with an idempotency key, is read on every node
            assertTrue(cluster.send(followers.get(0), "PUT", "/v0/topics/" + TOPIC, "{\"durability\":\"fsync\"}")
                    .startsWith("201"));
            String append = "{\"idempotency_key\":\"k1\",\"records\":[{\"data\":{\"n\":1}},{\"data\":{\"n\":2}}]}";
            String first = cluster.send(followers.get(1), "POST", "/v0/topics/" + TOPIC, append);
            assertTrue(first.startsWith("200"), first);
            assertEquals(1L, JsonValue.at(JsonValue.parse(first.substring(4)), "first_seq"));
            String again = cluster.send(leader, "POST", "/v0/topics/" + TOPIC, append); // the same key elsewhere
            assertEquals(Boolean.TRUE, JsonValue.at(JsonValue.parse(again.substring(4)), "deduped"), again);
            for (String id : cluster.running()) {
                Awaitility.await(id + " serves the records").atMost(Duration.ofSeconds(10))
                        .until(() -> records(cluster, id), r -> r.equals(List.of("{\"n\":1}", "{\"n\":2}")));
            }

            // metrics: the role as 1/0 gauges, term, indexes, and the followers' lag on the leader
            String leaderMetrics = cluster.send(leader, "GET", "/v0/metrics", null);
            assertTrue(leaderMetrics.contains("seqlog_raft_role{role=\"leader\"} 1"), leaderMetrics);
            assertTrue(leaderMetrics.contains("seqlog_raft_role{role=\"follower\"} 0"), leaderMetrics);
            assertTrue(leaderMetrics.contains("seqlog_raft_role{role=\"candidate\"} 0"), leaderMetrics);
            for (String series : new String[] {"seqlog_raft_term ", "seqlog_raft_commit_index ",
                "seqlog_raft_applied_index "}) {
                assertTrue(leaderMetrics.contains("\n" + series), series);
            }
            for (String f : followers) {
                assertTrue(leaderMetrics.contains("seqlog_raft_follower_lag{peer=\"" + f + "\"} "), f);
            }
            String followerMetrics = cluster.send(followers.get(0), "GET", "/v0/metrics", null);
            assertTrue(followerMetrics.contains("seqlog_raft_role{role=\"follower\"} 1"), followerMetrics);
            assertTrue(!followerMetrics.contains("seqlog_raft_follower_lag{"), followerMetrics);

            // queues: a job enqueued through one node is claimed through another and acked through the third
            assertTrue(cluster.send(leader, "PUT", "/v0/topics/jobs", "{\"type\":\"queue\"}").startsWith("201"));
            String enqueued = cluster.send(followers.get(0), "POST", "/v0/topics/jobs",
                    "{\"records\":[{\"data\":{\"job\":1}}]}");
            assertTrue(enqueued.startsWith("200"), enqueued);
            String claim = cluster.send(followers.get(1), "POST", "/v0/topics/jobs/claim", "{\"node\":\"w\"}");
            assertTrue(claim.startsWith("200"), claim);
            Object job = ((List<?>) JsonValue.at(JsonValue.parse(claim.substring(4)), "claimed")).get(0);
            String leaseId = (String) JsonValue.at(job, "lease_id");
            String ack = cluster.send(leader, "POST", "/v0/topics/jobs/ack", "{\"node\":\"w\",\"seqs\":[1],"
                    + "\"lease_ids\":[\"" + leaseId + "\"]}");
            assertTrue(ack.startsWith("200"), ack);
            assertEquals(1L, JsonValue.at(JsonValue.parse(ack.substring(4)), "acked"), ack);
            // a /work stream on a follower pushes a job enqueued through the leader
            assertTrue(cluster.send(leader, "POST", "/v0/topics/jobs", "{\"records\":[{\"data\":{\"job\":2}}]}")
                    .startsWith("200"));
            assertTrue(firstPushedJob(cluster.base(followers.get(0)), "/v0/topics/jobs/work?node=p&max=1")
                    .contains("\"job\":2"));
            // a queue with a coalescing window: the node a claim reaches keeps the window
            assertTrue(cluster.send(followers.get(0), "PUT", "/v0/topics/windowed",
                    "{\"type\":\"queue\",\"claim_jitter_ms\":50}").startsWith("201"));
            assertTrue(cluster.send(followers.get(0), "POST", "/v0/topics/windowed",
                    "{\"records\":[{\"data\":{\"w\":1}}]}").startsWith("200"));
            String windowed = cluster.send(followers.get(0), "POST", "/v0/topics/windowed/claim", "{\"node\":\"w\"}");
            assertTrue(windowed.startsWith("200") && windowed.contains("\"w\":1"), windowed);
            // routers: defined through one node, they copy on every node
            assertTrue(cluster.send(leader, "PUT", "/v0/topics/events", "{}").startsWith("201"));
            String router = cluster.send(followers.get(0), "PUT", "/v0/routers/copy",
                    "{\"source\":\"events\",\"dest\":\"copies\"}");
            assertTrue(router.startsWith("201"), router);
            String event = cluster.send(leader, "POST", "/v0/topics/events", "{\"records\":[{\"data\":{\"e\":1}}]}");
            assertTrue(event.startsWith("200"), event);
            for (String id : cluster.running()) {
                Awaitility.await(id + " holds the copy").atMost(Duration.ofSeconds(10))
                        .until(() -> cluster.send(id, "POST", "/v0/topics/copies/diff", "{\"from_seq\":0}"),
                                r -> r.startsWith("200") && r.contains("\"e\":1"));
            }

            // membership changes: obviously wrong input is refused before Raft is asked
            for (String body : new String[] {"{}", "{\"peers\":\"n1=127.0.0.1:7401\"}", "{\"peers\":[1]}",
                "{\"peers\":[\"n1=0.0.0.0:7401\"]}", "{\"peers\":[\"n1\"]}"}) {
                String r = cluster.send(leader, "PUT", "/v0/cluster/peers", body);
                assertTrue(r.startsWith("400") && r.contains("\"bad_peer\""), body + " -> " + r);
            }
            String notKept = cluster.send(leader, "PUT", "/v0/cluster/peers",
                    "{\"peers\":[\"" + cluster.peer(leader) + "\"]}");
            assertTrue(notKept.startsWith("400") && notKept.contains("majority_not_kept"), notKept);
            // a backup of a node is its engine's checkpoint at one log position: restored, it holds the records
            Path archive = dir.path().resolve("node-backup.tar");
            String[] taken = cli("backup", "--url", cluster.base(followers.get(1)), archive.toString());
            assertEquals("0", taken[0], taken[2]);
            Path restored = dir.path().resolve("restored").resolve("engine");
            String[] put = cli("restore", archive.toString(), "--data-dir", restored.toString());
            assertEquals("0", put[0], put[2]);
            try (SeqlogEngine engine = SeqlogEngine.open(EngineOptions.builder().dataDir(restored).externalLog(true)
                    .build())) {
                assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), engine.diff(TOPIC, DiffRequest.from(0)).records()
                        .stream().map(r -> new String(r.data(), StandardCharsets.UTF_8)).toList());
                assertTrue(engine.externalLog().checkpointedPosition().index() > 0, "the backup's log position");
            }

            // replace a dead follower: stop it, start n4 with the new peers, then set-peers through another node
            String gone = followers.get(0);
            String asked = followers.get(1);
            cluster.stop(gone);
            String next = cluster.planReplacement(gone, "n4");
            long window = 2 * ClusterSettings.ELECTION_TIMEOUT_MS_DEFAULT;
            Awaitility.await("the leader has not heard from " + gone + " for " + window + " ms")
                    .atMost(Duration.ofSeconds(20)).until(() -> lastContactMs(cluster, leader, gone) > window);
            String[] refused = cli("cluster", "set-peers", "--url", cluster.base(asked), next);
            assertEquals("1", refused[0], "n4 is not running yet: " + refused[2]);
            assertTrue(refused[2].contains("new peer n4") && refused[2].contains("does not answer"), refused[2]);

            cluster.start("n4");
            String[] done = cli("cluster", "set-peers", "--url", cluster.base(asked), next);
            assertEquals("0", done[0], done[2]);
            assertNotNull(JsonValue.at(JsonValue.parse(done[1]), "peers"), done[1]);
            for (String id : cluster.running()) {
                Awaitility.await(id + " has the new voters").atMost(Duration.ofSeconds(20))
                        .until(() -> peerIds(cluster, id), ids -> ids.equals(Set.of(leader, asked, "n4")));
            }
            Awaitility.await("n4 is ready").atMost(Duration.ofSeconds(30))
                    .until(() -> cluster.send("n4", "GET", "/v0/ready", null).startsWith("200"));
            assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), records(cluster, "n4"));
            String status = cli("cluster", "status", "--url", cluster.base("n4"))[1];
            assertEquals("n4", JsonValue.at(JsonValue.parse(status), "node_id"), status);

            // n4 votes: with the asked node stopped as well, the leader and n4 still commit writes
            cluster.stop(asked);
            String third = cluster.send("n4", "POST", "/v0/topics/" + TOPIC, "{\"records\":[{\"data\":{\"n\":3}}]}");
            assertTrue(third.startsWith("200"), third);
            assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"), records(cluster, "n4"));
            Awaitility.await("the leader serves n4's write").atMost(Duration.ofSeconds(10))
                    .until(() -> records(cluster, leader).size() == 3);
        }
        for (LogEvent e : logs.errors()) {
            assertTrue(RATIS_ERROR_LOGGERS.contains(e.loggerName()), "unexpected error: " + e);
        }
    }

    @Test
    void aSingleNodeHasNoClusterRoutes() throws IOException {
        try (SeqlogServer server = SeqlogServer.startInMemory()) {
            String base = server.baseUri().toString();
            for (String[] call : new String[][] {{"GET", "/v0/cluster", null},
                {"PUT", "/v0/cluster/peers", "{\"peers\":[\"n1=127.0.0.1:7401\"]}"}}) {
                String r = UrlClient.send(base, call[0], call[1], call[2]);
                assertTrue(r.startsWith("404") && r.contains("\"not_found\"") && r.contains("not_clustered"), r);
            }
            String ready = UrlClient.send(base, "GET", "/v0/ready", null);
            assertNull(JsonValue.at(JsonValue.parse(ready.substring(4)), "cluster"), ready);
            assertTrue(!UrlClient.send(base, "GET", "/v0/metrics", null).contains("seqlog_raft_"));
            String[] status = cli("cluster", "status", "--url", base);
            assertEquals("1", status[0]);
            assertTrue(status[2].contains("not_found: this server is not in cluster mode"), status[2]);
            String[] bad = cli("cluster", "set-peers", "--url", base, "n1=127.0.0.1");
            assertEquals("2", bad[0]);
            assertTrue(bad[2].contains("the peers: a peer is id=host:port"), bad[2]);
        }
    }

    /** Waits until every node answers ready; returns the leader's cluster object. */
    private static Map<String, Object> awaitAllReady(ServerCluster cluster) {
        for (String id : cluster.running()) {
            Awaitility.await(id + " ready").atMost(Duration.ofSeconds(30))
                    .until(() -> cluster.send(id, "GET", "/v0/ready", null).startsWith("200"));
        }
        return Awaitility.await("one leader every node knows").atMost(Duration.ofSeconds(30)).until(() -> {
            String leader = (String) cluster(cluster, cluster.running().get(0), "/v0/ready").get("leader_id");
            for (String id : cluster.running()) {
                if (leader == null || !leader.equals(cluster(cluster, id, "/v0/ready").get("leader_id"))) {
                    return null;
                }
            }
            return cluster(cluster, leader, "/v0/cluster");
        }, m -> m != null);
    }

    /** The cluster object of a ready answer (under {@code cluster}) or of {@code GET /v0/cluster} (the body). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> cluster(ServerCluster cluster, String id, String path) {
        String r = cluster.send(id, "GET", path, null);
        assertTrue(r.startsWith("200"), id + " " + path + ": " + r);
        Object body = JsonValue.parse(r.substring(4));
        return (Map<String, Object>) (path.equals("/v0/ready") ? JsonValue.at(body, "cluster") : body);
    }

    private static long lastContactMs(ServerCluster cluster, String leader, String follower) {
        for (Object p : (List<?>) cluster(cluster, leader, "/v0/cluster").get("peers")) {
            if (follower.equals(JsonValue.at(p, "id")) && JsonValue.at(p, "last_contact_ms") instanceof Long ms) {
                return ms;
            }
        }
        return -1;
    }

    private static Set<Object> peerIds(ServerCluster cluster, String id) {
        return ((List<?>) cluster(cluster, id, "/v0/cluster").get("peers")).stream()
                .map(p -> JsonValue.at(p, "id")).collect(Collectors.toSet());
    }

    /** The data of every record of the topic on one node, as JSON text. */
    /** Opens a /work stream and returns the data line of its first job event, then closes the stream. */
    private static String firstPushedJob(String base, String path) throws IOException {
        java.net.URI uri = java.net.URI.create(base);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost()
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String status = in.readLine();
            assertTrue(status != null && status.contains(" 200 "), status);
            boolean job = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("event: job")) {
                    job = true;
                } else if (job && line.startsWith("data:")) {
                    return line;
                }
            }
            throw new AssertionError("the stream ended before a job");
        }
    }

    private static List<String> records(ServerCluster cluster, String id) {
        String r = cluster.send(id, "POST", "/v0/topics/" + TOPIC + "/diff", "{\"from_seq\":0,\"limit\":1000}");
        if (!r.startsWith("200")) {
            return List.of(r);
        }
        return ((List<?>) JsonValue.at(JsonValue.parse(r.substring(4)), "records")).stream()
                .map(rec -> ((Map<?, ?>) rec).get("data"))
                .map(d -> d instanceof Map<?, ?> m ? "{\"n\":" + m.get("n") + "}" : String.valueOf(d)).toList();
    }

    /** @return exit status, standard output and standard error of one CLI invocation */
    private static String[] cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }
}
