package dev.seqlog.bench.redis;

import java.util.ArrayList;
import java.util.List;

/** Renders the queue side-by-side's Markdown table: jobs/s of each side and seqlog ÷ Redis. Stateless. */
final class QueueTable {
    private QueueTable() {
    }

    /**
     * @param redisName the Redis column's heading, e.g. {@code Redis 7}
     * @param redisXdel whether the Redis workers also deleted what they acked
     * @param rows the rows, in order
     * @return the table, one line per element, header and separator first
     */
    static List<String> render(String redisName, boolean redisXdel, List<QueueRow> rows) {
        List<String> out = new ArrayList<>();
        out.add("| pairing | seqlog leases_durable | batch | workers | " + redisName + " "
                + (redisXdel ? "XACK+XDEL" : "XACK") + " jobs/s | seqlog HTTP jobs/s | HTTP ÷ Redis "
                + "| seqlog in-process jobs/s | in-process ÷ Redis |");
        out.add("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (QueueRow r : rows) {
            out.add("| " + r.pairing().label() + (r.verified() ? "" : " (unverified)") + " | "
                    + (r.leasesDurable() ? "on" : "off") + " | " + r.batch() + " | " + r.workers() + " | "
                    + ResultTable.number(r.redis()) + " | " + ResultTable.number(r.http()) + " | "
                    + ResultTable.ratio(r.http() / r.redis()) + " | " + ResultTable.number(r.inProcess()) + " | "
                    + ResultTable.ratio(r.inProcess() / r.redis()) + " |");
        }
        return out;
    }
}
