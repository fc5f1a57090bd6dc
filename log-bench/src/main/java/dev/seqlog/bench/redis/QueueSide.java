package dev.seqlog.bench.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One of the runs a queue comparison makes at each point: Redis, or seqlog over HTTP or in-process with one
 * {@code leases_durable} setting (Redis ignores it). Immutable.
 *
 * @param kind which server, reached how
 * @param leasesDurable the seqlog queue's {@code leases_durable}; false for Redis
 */
record QueueSide(Kind kind, boolean leasesDurable) {

    /** The servers compared. Immutable constants. */
    enum Kind {
        /** Redis Streams, a consumer group. */
        REDIS,
        /** The seqlog server over HTTP. */
        HTTP,
        /** The seqlog engine in the harness's JVM. */
        IN_PROCESS;

        /**
         * @param v {@code redis}, {@code http} or {@code inproc}
         * @return the kind
         * @throws IllegalArgumentException for anything else
         */
        static Kind parse(String v) {
            return switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "redis" -> REDIS;
                case "http" -> HTTP;
                case "inproc", "in-process" -> IN_PROCESS;
                default -> throw new IllegalArgumentException("--sides takes redis, http and/or inproc, got " + v);
            };
        }
    }

    /**
     * @param kinds the servers to run
     * @param leases the seqlog {@code leases_durable} settings
     * @return one Redis run (if asked), then for each setting the HTTP and in-process runs asked for
     */
    static List<QueueSide> of(Set<Kind> kinds, List<Boolean> leases) {
        List<QueueSide> out = new ArrayList<>();
        if (kinds.contains(Kind.REDIS)) {
            out.add(new QueueSide(Kind.REDIS, false));
        }
        for (boolean l : leases) {
            for (Kind k : List.of(Kind.HTTP, Kind.IN_PROCESS)) {
                if (kinds.contains(k)) {
                    out.add(new QueueSide(k, l));
                }
            }
        }
        return out;
    }

    /**
     * The order of one round's runs: the list turned left by {@code by} places, so that from one round to the
     * next no run always goes first, on a machine the previous run just warmed (or heated).
     *
     * @param runs the runs
     * @param by the round's number
     * @param <T> the element type
     * @return a new list
     */
    static <T> List<T> rotated(List<T> runs, int by) {
        List<T> out = new ArrayList<>(runs.size());
        for (int i = 0; i < runs.size(); i++) {
            out.add(runs.get((i + by) % runs.size()));
        }
        return out;
    }
}
