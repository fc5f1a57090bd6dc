package dev.seqlog.bench.redis;

import dev.seqlog.bench.Flags;
import dev.seqlog.bench.load.LoadGenOptions;
import dev.seqlog.bench.load.LoadGenOptions.TailMode;
import dev.seqlog.bench.load.LoadGenOptions.Workload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The side-by-side's validated command line. Immutable and thread-safe once parsed.
 *
 * @param rounds rounds of every workload and pairing; the table shows the median
 * @param workloads the workloads to run
 * @param records W1 records (W3 reads as many back)
 * @param w2Records W2 measured writes
 * @param w4DurationMs W4 producing time
 * @param w4Readers W4 readers on each side
 * @param tail how the seqlog side's W4 readers tail (the Redis side's always use {@code XREAD BLOCK})
 * @param serverJar the seqlog server jar
 * @param redisServer the {@code redis-server} executable
 * @param scratchParent where each server's throw-away directory is created
 * @param quick whether this is a smoke run with small counts
 */
record SideBySideOptions(int rounds, Set<Workload> workloads, int records, int w2Records, int w4DurationMs,
                         int w4Readers, TailMode tail, Path serverJar, String redisServer, Path scratchParent,
                         boolean quick) {

    /** W4 readers on each side unless {@code --w4-readers} says otherwise: the load generator's default. */
    static final int DEFAULT_W4_READERS = 10;

    /** W1 splits its records over this many producers in batches of this many, so records are a multiple. */
    static final int PRODUCERS_TIMES_BATCH = 4 * 100;

    /** The usage text. */
    static final String USAGE = String.join("\n",
            "usage: SideBySide [options]",
            "  --rounds N                 rounds of each workload and pairing, median reported; default 3",
            "  --workloads W1,W2,W3,W4    default all",
            "  --records N                W1 records (W3 reads them back), multiple of 400; default 1000000",
            "  --w4-readers N             W4 readers on each side: seqlog's long-poll readers or SSE watchers,",
            "                             Redis's XREAD BLOCK readers; default 10",
            "  --tail longpoll|sse        how seqlog's W4 readers tail: long-poll diff, or a watch session and",
            "                             SSE stream each; default longpoll (Redis always uses XREAD BLOCK)",
            "  --server-jar PATH          default log-server/target/seqlog-server.jar",
            "  --redis-server PATH        default redis-server (from PATH)",
            "  --dir PATH                 parent of the servers' throw-away directories; default java.io.tmpdir",
            "  --quick                    smoke run: 50,000 W1 records, 2,000 W2 writes, 2 s of W4");

    SideBySideOptions {
        workloads = Collections.unmodifiableSet(EnumSet.copyOf(workloads));
    }

    /**
     * @param args the command line
     * @param defaultDir the parent of the throw-away directories unless {@code --dir} is given
     * @return the options
     * @throws IllegalArgumentException with a message for the user on any invalid input
     */
    static SideBySideOptions parse(String[] args, Path defaultDir) {
        int rounds = 3;
        Set<Workload> workloads = EnumSet.allOf(Workload.class);
        Integer records = null;
        int w4Readers = DEFAULT_W4_READERS;
        TailMode tail = TailMode.LONGPOLL;
        boolean quick = false;
        Path jar = Path.of("log-server", "target", "seqlog-server.jar");
        String redis = "redis-server";
        Path dir = defaultDir;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                quick = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--rounds" -> rounds = Flags.positive(a, v);
                case "--workloads" -> workloads = workloads(v);
                case "--records" -> records = Flags.positive(a, v);
                case "--w4-readers" -> w4Readers = Flags.positive(a, v);
                case "--tail" -> tail = TailMode.parse(v);
                case "--server-jar" -> jar = Path.of(v);
                case "--redis-server" -> redis = v;
                case "--dir" -> dir = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        int w1 = records != null ? records : quick ? 50_000 : 1_000_000;
        if (w1 % PRODUCERS_TIMES_BATCH != 0) {
            throw new IllegalArgumentException("--records must be a multiple of " + PRODUCERS_TIMES_BATCH
                    + " (4 producers x batches of 100), got " + w1);
        }
        return new SideBySideOptions(rounds, workloads, w1, quick ? 2_000 : 10_000, quick ? 2_000 : 5_000, w4Readers,
                tail, jar, redis, dir, quick);
    }

    /**
     * The load generator's options for one server, with this run's counts and otherwise its defaults (100 B
     * payloads, 4 producers, batches of 100, 1,000 W2 warm-up writes, read limit 1000, W4 senders 4 at one
     * record per ms, 1 s waits), so both sides run the same counts; W4's reader count and seqlog's tail mode
     * are this run's.
     *
     * @param port the server's loopback port
     * @param durability the seqlog topic class ({@code disk} or {@code fsync}); the Redis side ignores it
     * @return the options
     */
    LoadGenOptions counts(int port, String durability) {
        return counts(port, durability, records, w2Records, w4DurationMs);
    }

    /**
     * @return how W4's readers differ from the default, for the table's labels, e.g. {@code 10 SSE watchers vs
     *         10 XREAD BLOCK readers}; empty for the default 10 long-poll readers
     */
    String w4Detail() {
        if (w4Readers == DEFAULT_W4_READERS && tail == TailMode.LONGPOLL) {
            return "";
        }
        return w4Readers + (tail == TailMode.SSE ? " SSE watchers" : " long-poll readers") + " vs " + w4Readers
                + " XREAD BLOCK readers";
    }

    /**
     * The counts of the warm-up pass that runs, unmeasured, before each measured workload on the same server:
     * a fifth of W1's records (W3 reads them back), all of W2 (its single writes are few and quick), and two
     * seconds of W4. It lets the seqlog JVM compile its hot paths before it is timed; Redis, compiled ahead
     * of time, gets the same pass.
     */
    LoadGenOptions warmUpCounts(int port, String durability) {
        return counts(port, durability, Math.max(1000, records / 5), w2Records, Math.min(w4DurationMs, 2000));
    }

    private LoadGenOptions counts(int port, String durability, int w1Records, int w2Records, int w4Ms) {
        return LoadGenOptions.parse(new String[] {"--url", "http://127.0.0.1:" + port, "--durability", durability,
                "--client", "socket", "--topic-prefix", "sbs", "--w1-records", Integer.toString(w1Records),
                "--w2-records", Integer.toString(w2Records), "--w4-duration-ms", Integer.toString(w4Ms),
                "--w4-readers", Integer.toString(w4Readers), "--tail", tail.name()}, Map.of());
    }

    private static Set<Workload> workloads(String v) {
        Set<Workload> out = EnumSet.noneOf(Workload.class);
        List<String> bad = new ArrayList<>();
        for (String w : v.split(",")) {
            try {
                out.add(Workload.valueOf(w.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                bad.add(w);
            }
        }
        if (!bad.isEmpty() || out.isEmpty()) {
            throw new IllegalArgumentException("--workloads takes a comma list of W1, W2, W3, W4, got " + v);
        }
        return out;
    }
}
