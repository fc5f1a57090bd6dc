package dev.seqlog.bench.load;

import dev.seqlog.bench.BenchMain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * HTTP load generator for a seqlog {@code /v0} server on a loopback address: runs workloads W1–W4 and the
 * IDLE holder (see {@link LoadGenOptions#USAGE}), prints a summary and exits 0 only if every workload verified
 * its results.
 * The main thread drives the workloads one after another; each starts and joins its own workers.
 */
public final class LoadGen {
    private LoadGen() {
    }

    /**
     * Entry point.
     *
     * @param args see {@link LoadGenOptions#USAGE}
     */
    public static void main(String[] args) {
        BenchMain.run(args, LoadGenOptions.USAGE, a -> LoadGenOptions.parse(a, System.getenv()), LoadGen::run);
    }

    /**
     * Runs the selected workloads.
     *
     * @param opt the options
     * @return whether every workload verified
     * @throws Exception on a transport or protocol failure
     */
    static boolean run(LoadGenOptions opt) throws Exception {
        Set<LoadGenOptions.Workload> w = opt.workloads();
        String stamp = Long.toString(System.currentTimeMillis(), 36);
        String w1Topic = opt.topicPrefix() + "-w1-" + stamp;
        List<String> created = new ArrayList<>();
        List<WorkloadResult> results = new ArrayList<>();
        System.out.printf(Locale.ROOT, "seqlog loadgen %s: target http://%s:%d, client=%s, durability=%s, "
                        + "workloads=%s, jdk=%s, cpus=%d%n", Instant.now(), opt.host(), opt.port(),
                opt.client().name().toLowerCase(Locale.ROOT), opt.durability(), names(opt),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        try (HttpTransport transport = SeqlogWorkloads.transport(opt)) {
            Workloads work = new Workloads(opt, transport);
            try (SeqlogHttpClient c = work.client()) {
                c.health();
            }
            try {
                if (w.contains(LoadGenOptions.Workload.W1) || w.contains(LoadGenOptions.Workload.W3)) {
                    created.add(w1Topic);
                    results.add(print(work.w1(w1Topic), !w.contains(LoadGenOptions.Workload.W1)));
                }
                if (w.contains(LoadGenOptions.Workload.W3)) {
                    results.add(print(work.w3(w1Topic), false));
                }
                if (w.contains(LoadGenOptions.Workload.W2)) {
                    String t = opt.topicPrefix() + "-w2-" + stamp;
                    created.add(t);
                    results.add(print(work.w2(t), false));
                }
                if (w.contains(LoadGenOptions.Workload.W4)) {
                    String t = opt.topicPrefix() + "-w4-" + stamp;
                    created.add(t);
                    results.add(print(work.w4(t), false));
                }
                if (opt.idle()) {
                    String t = opt.topicPrefix() + "-idle-" + stamp;
                    created.add(t);
                    results.add(print(IdleHolder.run(opt, work, t), false));
                }
            } finally {
                if (!opt.keepTopics()) {
                    try (SeqlogHttpClient c = work.client()) {
                        for (String t : created) {
                            c.deleteTopic(t);
                        }
                    } catch (Exception e) {
                        System.err.println("warning: could not delete topics " + created + ": " + e);
                    }
                }
            }
        }
        boolean ok = results.stream().allMatch(WorkloadResult::verified);
        System.out.println(ok ? "ALL VERIFIED" : "VERIFICATION FAILED");
        return ok;
    }

    /** The selected workloads as printed, e.g. {@code [W4 (sse), IDLE]}. */
    private static List<String> names(LoadGenOptions opt) {
        List<String> out = new ArrayList<>();
        for (LoadGenOptions.Workload w : opt.workloads()) {
            out.add(w == LoadGenOptions.Workload.W4 && opt.tail() == LoadGenOptions.TailMode.SSE ? "W4 (sse)"
                    : w.name());
        }
        if (opt.idle()) {
            out.add("IDLE");
        }
        return out;
    }

    private static WorkloadResult print(WorkloadResult r, boolean asFill) {
        for (String line : r.summary()) {
            System.out.println(asFill ? line.replaceFirst("^W1", "W1 (fill for W3)") : line);
        }
        System.out.flush();
        return r;
    }
}
