package dev.seqlog.server.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The seqs a produce run was given, as ranges: each batch is contiguous, and consecutive batches merge
 * unless another writer came between them. Confined to one thread.
 */
final class SeqRanges {
    private final List<long[]> ranges = new ArrayList<>();
    private long count;

    void add(long first, long last) {
        count += last - first + 1;
        long[] tail = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
        if (tail != null && tail[1] + 1 == first) {
            tail[1] = last;
        } else {
            ranges.add(new long[] {first, last});
        }
    }

    /** {@code produced 3 records to t: seqs 1-3} */
    String summary(String topic) {
        StringBuilder b = new StringBuilder("produced ").append(count).append(count == 1 ? " record" : " records")
                .append(" to ").append(topic);
        for (int i = 0; i < ranges.size(); i++) {
            long[] r = ranges.get(i);
            b.append(i == 0 ? ": seqs " : ", ").append(r[0]);
            if (r[1] != r[0]) {
                b.append('-').append(r[1]);
            }
        }
        return b.toString();
    }

    /** What was written before a failure, for its message. */
    String soFar(String topic) {
        return count == 0 ? " (nothing written)" : " (" + summary(topic) + " before it)";
    }
}
