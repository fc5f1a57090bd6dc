package dev.seqlog.bench.replication;

import java.util.Locale;

/**
 * One leader stop and the stopped node's return. Immutable.
 *
 * @param round the round's number, from 1
 * @param stopped the leader stopped
 * @param newLeader the leader elected after it
 * @param closeMs how long closing the stopped node took
 * @param gapMs the longest time without an acknowledgement from just before the stop until writes were
 *        acknowledged again
 * @param catchUpMs from starting the stopped node again until it had applied what the leader had committed
 * @param rejoinGapMs the longest time without an acknowledgement while it started, caught up and the writes
 *        ran on with all three nodes
 */
record KillRound(int round, String stopped, String newLeader, long closeMs, long gapMs, long catchUpMs,
                 long rejoinGapMs) {

    /** @return a one-line summary */
    String line() {
        return String.format(Locale.ROOT, "kill %d: stopped leader %s (closing took %,d ms), %s elected; write gap "
                        + "%,d ms; %s restarted and caught up in %,d ms, longest gap meanwhile %,d ms", round, stopped,
                closeMs, newLeader, gapMs, stopped, catchUpMs, rejoinGapMs);
    }
}
