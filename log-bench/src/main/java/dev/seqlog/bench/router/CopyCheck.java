package dev.seqlog.bench.router;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.RouterInfo;
import dev.seqlog.api.TopicState;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The checks that make a run count: no record lost or duplicated. Each adds what failed, with the facts, to a
 * list of problems; an empty list means the run verified. Stateless; runs after the clocks stopped.
 */
final class CopyCheck {
    /** Records per read while checking contents. */
    static final int READ_LIMIT = 1000;
    /** How long a router may take to report the cursor its copies reached. */
    static final long CURSOR_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private CopyCheck() {
    }

    /**
     * Checks the topic holds exactly {@code expected} records, seqs 1 to {@code expected}.
     *
     * @param log the engine
     * @param topic the topic
     * @param expected records written to it, or copied into it
     * @param problems where a failure is added
     */
    static void counts(EventLog log, String topic, long expected, List<String> problems) {
        TopicState s = log.state(topic);
        if (s.headSeq() != expected || s.count() != expected) {
            problems.add(String.format(Locale.ROOT, "topic=%s holds head=%d count=%d, expected %d", topic,
                    s.headSeq(), s.count(), expected));
        }
    }

    /**
     * Reads the whole topic and checks that seq k holds the workload's record k - 1, for every record: none
     * missing, none twice, none out of order.
     *
     * @param log the engine
     * @param topic the topic
     * @param work what was written
     * @param problems where a failure is added
     */
    static void contents(EventLog log, String topic, Workload work, List<String> problems) {
        long[] firstBad = {0};
        long[] bad = {0};
        long[] read = {0};
        long from = 0;
        while (true) {
            DiffResult r = log.diff(topic, DiffRequest.from(from).withLimit(READ_LIMIT), v -> {
                read[0]++;
                long seq = v.seq();
                boolean ok = seq == read[0] && seq <= work.records() && work.holds((int) (seq - 1), v);
                if (!ok && bad[0]++ == 0) {
                    firstBad[0] = seq;
                }
            });
            if (r.tombstone() != null) {
                problems.add("topic=" + topic + " reads a gap: " + r.tombstone());
                return;
            }
            if (r.nextFromSeq() <= from) {
                break;
            }
            from = r.nextFromSeq();
        }
        if (bad[0] > 0 || read[0] != work.records()) {
            problems.add(String.format(Locale.ROOT, "topic=%s: %d records read, %d of them not the record written "
                    + "at their place (first at seq %d), expected %d", topic, read[0], bad[0], firstBad[0],
                    work.records()));
        }
    }

    /**
     * Checks each router reports its cursor at the source's head and exactly one copy per source record. The
     * cursor moves once the copies are durable, just after they became visible, so it gets a few seconds.
     *
     * @param log the engine
     * @param topology the routers
     * @param records records written to the source
     * @param problems where a failure is added
     * @throws InterruptedException if interrupted while waiting
     */
    static void routers(EventLog log, Topology topology, long records, List<String> problems)
            throws InterruptedException {
        for (String dest : topology.dests()) {
            String name = topology.router(dest);
            long deadline = System.nanoTime() + CURSOR_WAIT_NANOS;
            RouterInfo info = log.router(name);
            while (info.cursor() < records && System.nanoTime() - deadline < 0) {
                TimeUnit.MILLISECONDS.sleep(10); // after the measurement: this only waits for a report
                info = log.router(name);
            }
            if (info.cursor() != records || info.forwardedTotal() != records) {
                problems.add(String.format(Locale.ROOT, "router=%s reports cursor=%d forwarded_total=%d, expected %d",
                        name, info.cursor(), info.forwardedTotal(), records));
            }
        }
    }
}
