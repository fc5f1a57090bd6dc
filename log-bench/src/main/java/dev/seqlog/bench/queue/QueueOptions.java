package dev.seqlog.bench.queue;

import dev.seqlog.api.Durability;
import dev.seqlog.bench.Flags;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The queue benchmarks' shared command line: which points to measure and the counts of each. Immutable and
 * thread-safe once parsed.
 *
 * @param workers worker counts, one point each
 * @param batches jobs per claim (and so per ack), one point each
 * @param classes topic durability classes, {@code disk} and/or {@code fsync}
 * @param leasesDurable values of the queue's {@code leases_durable}, one point each (seqlog only)
 * @param jobs jobs in the measured queue
 * @param payloadBytes bytes of each job's payload
 * @param measureMs the measured phase's time budget; it ends earlier when the queue is drained
 * @param warmupJobs jobs in the warm-up queue
 * @param warmupMs the warm-up phase's time budget
 * @param scratchParent where data directories are created (and deleted after)
 * @param quick whether this is a smoke run with small counts
 */
public record QueueOptions(List<Integer> workers, List<Integer> batches, List<Durability> classes,
                           List<Boolean> leasesDurable, int jobs, int payloadBytes, long measureMs, int warmupJobs,
                           long warmupMs, Path scratchParent, boolean quick) {

    /** The most jobs one claim may ask for and one ack may name (API §12.1, {@code SEQLOG_MAX_CLAIM}). */
    public static final int MAX_BATCH = 1000;

    /** The options' usage lines, for the usage text of each main class that takes them. */
    public static final String USAGE = String.join("\n",
            "  --workers 1,4,16           worker counts; default 1,4,16",
            "  --batch 1[,10]             jobs per claim and per ack (at most 1000); default 1",
            "  --classes disk,fsync       topic durability classes; default disk,fsync",
            "  --leases-durable off[,on]  the queue's leases_durable (seqlog only); default off",
            "  --jobs N                   jobs in the measured queue; default 200000",
            "  --payload N                bytes per job (a JSON string); default 100",
            "  --seconds S                measured time budget per point (ends early when drained); default 10",
            "  --warmup-jobs N            jobs in the warm-up queue; default 50000",
            "  --warmup-seconds S         warm-up time budget per point; default 5",
            "  --dir PATH                 parent of the throw-away data directories; default java.io.tmpdir",
            "  --quick                    smoke run: 2,000 jobs, 500 warm-up jobs, 1 s and 0.3 s budgets");

    /**
     * Copies the lists so the record stays immutable.
     *
     * @param workers worker counts, one point each
     * @param batches jobs per claim (and so per ack), one point each
     * @param classes topic durability classes, {@code disk} and/or {@code fsync}
     * @param leasesDurable values of the queue's {@code leases_durable}, one point each (seqlog only)
     * @param jobs jobs in the measured queue
     * @param payloadBytes bytes of each job's payload
     * @param measureMs the measured phase's time budget; it ends earlier when the queue is drained
     * @param warmupJobs jobs in the warm-up queue
     * @param warmupMs the warm-up phase's time budget
     * @param scratchParent where data directories are created (and deleted after)
     * @param quick whether this is a smoke run with small counts
     */
    public QueueOptions {
        workers = List.copyOf(workers);
        batches = List.copyOf(batches);
        classes = List.copyOf(classes);
        leasesDurable = List.copyOf(leasesDurable);
    }

    /**
     * @param args the options, each flag but {@code --quick} followed by its value
     * @param defaultDir the parent of the data directories unless {@code --dir} is given
     * @return the options
     * @throws IllegalArgumentException with a message for the user on any invalid input
     */
    public static QueueOptions parse(List<String> args, Path defaultDir) {
        List<Integer> workers = List.of(1, 4, 16);
        List<Integer> batches = List.of(1);
        List<Durability> classes = List.of(Durability.DISK, Durability.FSYNC);
        List<Boolean> leases = List.of(false);
        Integer jobs = null;
        int payload = 100;
        Long measureMs = null;
        Integer warmupJobs = null;
        Long warmupMs = null;
        Path dir = defaultDir;
        boolean quick = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--quick")) {
                quick = true;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args.get(++i);
            switch (a) {
                case "--workers" -> workers = Flags.list(a, v, s -> Flags.positive(a, s));
                case "--batch" -> batches = Flags.list(a, v, s -> batch(a, s));
                case "--classes" -> classes = Flags.list(a, v, s -> Flags.diskClass(a, s));
                case "--leases-durable" -> leases = Flags.list(a, v, QueueOptions::onOff);
                case "--jobs" -> jobs = Flags.positive(a, v);
                case "--payload" -> payload = payload(a, v);
                case "--seconds" -> measureMs = millis(a, v);
                case "--warmup-jobs" -> warmupJobs = Flags.positive(a, v);
                case "--warmup-seconds" -> warmupMs = millis(a, v);
                case "--dir" -> dir = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return new QueueOptions(workers, batches, classes, leases, jobs != null ? jobs : quick ? 2_000 : 200_000,
                payload, measureMs != null ? measureMs : quick ? 1_000 : 10_000,
                warmupJobs != null ? warmupJobs : quick ? 500 : 50_000,
                warmupMs != null ? warmupMs : quick ? 300 : 5_000, dir, quick);
    }

    /**
     * @param cls a class of {@link #classes()}
     * @return its name as the API writes it, e.g. {@code fsync}
     */
    public static String className(Durability cls) {
        return cls.name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param durable a value of {@link #leasesDurable()}
     * @return {@code leases on} or {@code leases off}
     */
    public static String leasesLabel(boolean durable) {
        return durable ? "leases on" : "leases off";
    }

    private static boolean onOff(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("--leases-durable takes off and/or on, got " + v);
        };
    }

    private static int batch(String flag, String v) {
        int n = Flags.positive(flag, v);
        if (n > MAX_BATCH) {
            throw new IllegalArgumentException(flag + " must be at most " + MAX_BATCH + ", got " + v);
        }
        return n;
    }

    private static int payload(String flag, String v) {
        int n = Flags.positive(flag, v);
        if (n < 2) {
            throw new IllegalArgumentException(flag + " must be at least 2 (a JSON string's quotes), got " + v);
        }
        return n;
    }

    private static long millis(String flag, String v) {
        try {
            double s = Double.parseDouble(v);
            long ms = Math.round(s * 1000);
            if (!(s > 0) || ms < 1 || Double.isInfinite(s)) {
                throw new IllegalArgumentException(flag + " must be a positive number of seconds, got " + v);
            }
            return ms;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number of seconds, got " + v, e);
        }
    }
}
