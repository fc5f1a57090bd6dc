package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.RouterGuarantee;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.core.SeqlogEngine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/**
 * A workload for the router crash sweep: an {@code fsync} source with three routers into {@code fsync}
 * destinations, one at-least-once ({@code d}), one exactly-once ({@code e}) and one that forwards only records
 * tagged {@code keep} ({@code f}, so some batches carry progress without copies), with appends, waits for the
 * forwarders and checkpoints in between. {@link #verify} lets the recovered engine finish forwarding, then
 * checks that every acknowledged source record is in each destination (f: those tagged), in source order, that
 * nothing is there that the source never held, and that no destination holds a duplicate: a copy and the
 * cursor past it are one frame, so a crash can lose both but never one without the other.
 *
 * <p>Confined to the test thread (the forwarders run on engine threads).
 */
final class RouterCrashWorkload implements CrashPoints.Workload {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Payloads of acknowledged source appends. */
    private final Set<String> acknowledged = new HashSet<>();
    /** Whether both router definitions were acknowledged. */
    private boolean routersDefined;

    /** Runs until done or until the disk crashes. */
    @Override
    public void run(SeqlogEngine log) {
        try {
            TopicConfig fsync = TopicConfig.builder().durability(Durability.FSYNC).build();
            log.configure("s", fsync);
            log.configure("d", fsync);
            log.configure("e", fsync);
            log.configure("f", fsync);
            log.putRouter("s->d", RouterSpec.of("s", "d"));
            log.putRouter("s->e", RouterSpec.of("s", "e").withGuarantee(RouterGuarantee.EXACTLY_ONCE));
            log.putRouter("s->f", RouterSpec.of("s", "f").withFilter(TagMatch.eq("keep")));
            routersDefined = true;
            for (int i = 0; i < 8; i++) {
                List<RecordInput> recs = new ArrayList<>();
                for (int k = 0; k < 3; k++) {
                    RecordInput r = RecordInput.json("\"" + i + "." + k + "\"");
                    recs.add(i % 4 == 1 || (i % 4 == 2 && k == 0) ? r.withTag("keep") : r);
                }
                AppendResult r = log.append("s", AppendRequest.builder().add(recs.get(0)).add(recs.get(1))
                        .add(recs.get(2)).create(false).build());
                for (int k = 0; k < r.lastSeq() - r.firstSeq() + 1; k++) {
                    acknowledged.add("\"" + i + "." + k + "\"");
                }
                if (i % 2 == 1) {
                    awaitForwarded(log);
                }
                if (i % 3 == 2) {
                    log.checkpoint();
                }
            }
        } catch (RuntimeException | Error stopped) {
            // the disk crashed, or the engine failed because of it
        }
    }

    private static void awaitForwarded(SeqlogEngine log) {
        await().pollInterval(Duration.ofMillis(2)).atMost(WAIT)
                .until(() -> log.isReadOnly() || (forwarded(log, "s->d") && forwarded(log, "s->e")
                        && forwarded(log, "s->f")));
    }

    private static boolean forwarded(SeqlogEngine log, String router) {
        return log.router(router).cursor() == log.state("s").headSeq();
    }

    /**
     * @param log the recovered engine
     * @return a description of the first violation, or null
     */
    @Override
    public String verify(SeqlogEngine log) {
        if (!routersDefined) {
            return null; // a router created before the crash may or may not be there; nothing is promised of it
        }
        awaitForwarded(log);
        List<String> source = data(log, "s");
        if (!source.containsAll(acknowledged)) {
            return "the source lost acknowledged records: " + acknowledged + " not all in " + source;
        }
        for (String dest : new String[] {"d", "e"}) {
            List<String> copies = data(log, dest);
            if (!copies.equals(source)) {
                return "destination " + dest + " holds " + copies + " but the source holds " + source;
            }
        }
        List<String> kept = new ArrayList<>();
        for (String r : source) {
            int i = Integer.parseInt(r.substring(1, r.indexOf('.')));
            if (i % 4 == 1 || (i % 4 == 2 && r.endsWith(".0\""))) {
                kept.add(r);
            }
        }
        List<String> filtered = data(log, "f");
        return filtered.equals(kept) ? null : "destination f holds " + filtered + " but the tagged source records are "
                + kept;
    }

    private static List<String> data(SeqlogEngine log, String topic) {
        List<String> out = new ArrayList<>();
        long from = 0;
        while (true) {
            DiffResult r = log.diff(topic, DiffRequest.from(from).withLimit(1000));
            for (TopicRecord rec : r.records()) {
                out.add(rec.dataString());
            }
            if (r.nextFromSeq() == from) {
                return out;
            }
            from = r.nextFromSeq();
        }
    }
}
