package dev.seqlog.bench.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The failover section's Markdown table, target and check. Stateless. */
final class FailoverTable {
    private FailoverTable() {
    }

    /**
     * @param r what the section measured
     * @return the table's lines, then the gaps' summary, the writes and the check
     */
    static List<String> lines(FailoverResult r) {
        List<String> out = new ArrayList<>();
        out.add("| kill | stopped | new leader | closing ms | write gap ms | restart + catch-up ms "
                + "| longest gap while rejoining ms |");
        out.add("|---:|---|---|---:|---:|---:|---:|");
        for (KillRound k : r.rounds()) {
            out.add(String.format(Locale.ROOT, "| %d | %s | %s | %,d | %,d | %,d | %,d |", k.round(), k.stopped(),
                    k.newLeader(), k.closeMs(), k.gapMs(), k.catchUpMs(), k.rejoinGapMs()));
        }
        out.add("");
        out.add(String.format(Locale.ROOT, "Write gap at a leader stop over %d kills: p50 %,.0f ms, max %,d ms. "
                        + "Target max ≤ %,d ms: %s.", r.rounds().size(), r.medianGapMs(), r.maxGapMs(),
                FailoverResult.TARGET_MAX_GAP_MS, r.maxGapMs() <= FailoverResult.TARGET_MAX_GAP_MS ? "met" : "missed"));
        out.add(String.format(Locale.ROOT, "Acknowledged writes: %,d by %d keyed writers (%,d failed attempts retried "
                + "with the same key; %d given up unacknowledged at the end).", r.acked(), r.writers(), r.retries(),
                r.abandoned()));
        CheckResult c = r.check();
        if (c.ok()) {
            out.add(String.format(Locale.ROOT, "Check: VERIFIED. %d nodes return the same %,d records; seqs 1..%,d "
                    + "without a gap; every record holds its bytes, no key twice; all %,d acknowledged writes at the "
                    + "seq acknowledged.", c.nodes(), c.records(), c.records(), c.ackedFound()));
        } else {
            out.add(String.format(Locale.ROOT, "Check: FAILED, %,d problems over %d nodes and %,d records; the first:",
                    c.problemCount(), c.nodes(), c.records()));
            c.problems().forEach(p -> out.add("  - " + p));
        }
        return out;
    }
}
