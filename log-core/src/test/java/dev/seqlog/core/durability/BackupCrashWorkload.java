package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.backup.Backup;

import java.util.HashMap;
import java.util.Map;

/**
 * A workload for the backup crash sweep: while a backup pins a checkpoint's files, deletes land in those files'
 * segments and checkpoints run, so their delete flags are handed back to the topic instead of written; then
 * the backup closes and a later pass writes them. {@link #verify} checks that no acknowledged delete comes back
 * and no acknowledged record is lost at any crash point: every snapshot written while the flags were held back
 * must still list them.
 *
 * <p>Confined to the test thread.
 */
final class BackupCrashWorkload implements CrashPoints.Workload {
    private static final String TOPIC = "b";
    /** Acknowledged appends: payload index by seq. */
    private final Map<Long, Integer> acknowledged = new HashMap<>();
    /** Per tag whose delete was acknowledged, how many records had been written when it ran. */
    private final Map<String, Integer> deleted = new HashMap<>();
    /** Per tag whose delete was sent, the same: a crash may or may not have made it take effect. */
    private final Map<String, Integer> attempted = new HashMap<>();
    private int written;

    @Override
    public void run(SeqlogEngine log) {
        try {
            log.configure(TOPIC, TopicConfig.builder().durability(Durability.FSYNC).build());
            write(log, 0, 24);
            delete(log, "t1");
            log.checkpoint();
            Backup backup = log.backup();
            delete(log, "t2"); // its flags fall in pinned segments
            write(log, 24, 4);
            log.checkpoint();
            log.checkpoint();
            backup.close();
            log.checkpoint(); // writes the flags held back
            delete(log, "t3");
            write(log, 28, 4);
        } catch (RuntimeException crashed) {
            // the simulated disk crashed: what was acknowledged is what verify checks
        }
    }

    private void write(SeqlogEngine log, int from, int n) {
        for (int i = from; i < from + n; i++) {
            long seq = log.append(TOPIC, AppendRequest.of(RecordInput.json(String.valueOf(i)).withTag("t" + i % 4)))
                    .lastSeq();
            acknowledged.put(seq, i);
            written = i + 1;
        }
    }

    private void delete(SeqlogEngine log, String tag) {
        attempted.put(tag, written);
        log.delete(TOPIC, DeleteRequest.matching(TagMatch.eq(tag)));
        deleted.put(tag, written);
    }

    @Override
    public String verify(SeqlogEngine recovered) {
        try {
            recovered.state(TOPIC);
        } catch (SeqlogException e) {
            return acknowledged.isEmpty() ? null : "the topic is gone";
        }
        Map<Long, Integer> present = new HashMap<>();
        DiffResult r = recovered.diff(TOPIC, DiffRequest.from(0).withLimit(1000));
        for (TopicRecord rec : r.records()) {
            int i = Integer.parseInt(rec.dataString());
            if (covered(deleted, i)) {
                return "record " + i + " (seq " + rec.seq() + ") came back after its delete was acknowledged";
            }
            present.put(rec.seq(), i);
        }
        for (Map.Entry<Long, Integer> e : acknowledged.entrySet()) {
            int i = e.getValue();
            if (!covered(attempted, i) && !Integer.valueOf(i).equals(present.get(e.getKey()))) {
                return "acknowledged record " + i + " (seq " + e.getKey() + ") is missing";
            }
        }
        return null;
    }

    /** Whether a delete in {@code deletes} covers record {@code i}: same tag, and written before it. */
    private static boolean covered(Map<String, Integer> deletes, int i) {
        Integer before = deletes.get("t" + i % 4);
        return before != null && i < before;
    }
}
