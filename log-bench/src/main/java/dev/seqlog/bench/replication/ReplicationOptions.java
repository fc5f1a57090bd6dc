package dev.seqlog.bench.replication;

import dev.seqlog.bench.Flags;
import dev.seqlog.replication.ClusterSettings;

import java.nio.file.Path;
import java.util.List;

/**
 * The replication benchmark's command line. Immutable and thread-safe once parsed.
 *
 * @param sections the parts to run, in the order given
 * @param producers producer threads of each throughput point, one point each
 * @param recordBytes bytes of each record's data (a JSON string, quotes included)
 * @param seconds measured seconds of each throughput run
 * @param warmupSeconds unmeasured seconds before each throughput run's measurement
 * @param through which nodes the throughput producers write through
 * @param kills leader stops in the failover section
 * @param electionTimeoutMs every node's shortest election timeout (the longest is twice it)
 * @param scratchParent where the data directories are created (and deleted after)
 */
public record ReplicationOptions(List<Section> sections, List<Integer> producers, int recordBytes, int seconds,
                                 int warmupSeconds, Through through, int kills, long electionTimeoutMs,
                                 Path scratchParent) {

    /** The defaults of a measurement; a run below any of them is labelled as not one. */
    static final int SECONDS_DEFAULT = 15;
    /** Unmeasured seconds before each throughput run, by default. */
    static final int WARMUP_SECONDS_DEFAULT = 20;
    /** Leader stops, by default. */
    static final int KILLS_DEFAULT = 20;

    /** The options' usage lines. */
    public static final String USAGE = String.join("\n",
            "  --sections throughput,failover   parts to run; default both",
            "  --producers 1,16,64              producer threads of each throughput point; default 1,16,64",
            "  --record-bytes N                 bytes of each record (a JSON string); default 1024",
            "  --seconds N                      measured seconds of each throughput run; default 15",
            "  --warmup-seconds N               unmeasured seconds before each; default 20",
            "  --through leader|any             replicated producers write through the leader, or spread over",
            "                                   the three nodes; default leader",
            "  --kills N                        leader stops in the failover section; default 20",
            "  --election-timeout-ms N          every node's shortest election timeout; default "
                    + ClusterSettings.ELECTION_TIMEOUT_MS_DEFAULT + " (the module's)",
            "  --dir PATH                       parent of the throw-away data directories; default java.io.tmpdir",
            "  --help                           this text");

    /**
     * Copies the lists so the record stays immutable.
     *
     * @param sections the parts to run, in the order given
     * @param producers producer threads of each throughput point, one point each
     * @param recordBytes bytes of each record's data (a JSON string, quotes included)
     * @param seconds measured seconds of each throughput run
     * @param warmupSeconds unmeasured seconds before each throughput run's measurement
     * @param through which nodes the throughput producers write through
     * @param kills leader stops in the failover section
     * @param electionTimeoutMs every node's shortest election timeout (the longest is twice it)
     * @param scratchParent where the data directories are created (and deleted after)
     */
    public ReplicationOptions {
        sections = List.copyOf(sections);
        producers = List.copyOf(producers);
    }

    /**
     * @param args the options, each flag followed by its value
     * @param defaultDir the parent of the data directories unless {@code --dir} is given
     * @return the options
     * @throws IllegalArgumentException with a message for the user on any invalid input
     */
    public static ReplicationOptions parse(List<String> args, Path defaultDir) {
        List<Section> sections = List.of(Section.THROUGHPUT, Section.FAILOVER);
        List<Integer> producers = List.of(1, 16, 64);
        int recordBytes = 1024;
        int seconds = SECONDS_DEFAULT;
        int warmup = WARMUP_SECONDS_DEFAULT;
        Through through = Through.LEADER;
        int kills = KILLS_DEFAULT;
        long election = ClusterSettings.ELECTION_TIMEOUT_MS_DEFAULT;
        Path dir = defaultDir;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args.get(++i);
            switch (a) {
                case "--sections" -> sections = Flags.list(a, v, s -> Section.parse(a, s));
                case "--producers" -> producers = Flags.list(a, v, s -> Flags.positive(a, s));
                case "--record-bytes" -> recordBytes = recordBytes(a, v);
                case "--seconds" -> seconds = Flags.positive(a, v);
                case "--warmup-seconds" -> warmup = Flags.positive(a, v);
                case "--through" -> through = Through.parse(a, v);
                case "--kills" -> kills = Flags.positive(a, v);
                case "--election-timeout-ms" -> election = electionTimeout(a, v);
                case "--dir" -> dir = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return new ReplicationOptions(sections, producers, recordBytes, seconds, warmup, through, kills, election,
                dir);
    }

    /** @return whether every count is at least its default, so the run's figures may be recorded */
    boolean fullLength() {
        return seconds >= SECONDS_DEFAULT && warmupSeconds >= WARMUP_SECONDS_DEFAULT && kills >= KILLS_DEFAULT;
    }

    private static int recordBytes(String flag, String v) {
        int n = Flags.positive(flag, v);
        if (n < RecordKeys.MIN_RECORD_BYTES) {
            throw new IllegalArgumentException(flag + " must be at least " + RecordKeys.MIN_RECORD_BYTES
                    + " (a record carries its key in the failover section), got " + v);
        }
        return n;
    }

    private static long electionTimeout(String flag, String v) {
        int n = Flags.positive(flag, v);
        if (n < 50) {
            throw new IllegalArgumentException(flag + " must be at least 50, got " + v);
        }
        return n;
    }
}
