package dev.seqlog.bench.router;

import dev.seqlog.api.Durability;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.TopicConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The topics of one run: a single topic (the direct anchor), or a source with one router into each of F
 * destinations, all of one durability class. Immutable.
 *
 * @param source the topic written to
 * @param dests the destinations, empty for the direct anchor
 */
record Topology(String source, List<String> dests) {

    /**
     * Copies the destinations so the record stays immutable.
     *
     * @param source the topic written to
     * @param dests the destinations, empty for the direct anchor
     */
    Topology {
        dests = List.copyOf(dests);
    }

    /**
     * @param side direct or forwarding
     * @param prefix names the topics, so one engine can hold a warm-up and a measured topology
     * @param fanout routers out of the source (ignored for the direct side)
     * @return the topology
     */
    static Topology of(Side side, String prefix, int fanout) {
        if (side == Side.DIRECT) {
            return new Topology(prefix + "-direct", List.of());
        }
        List<String> dests = new ArrayList<>();
        for (int k = 1; k <= fanout; k++) {
            dests.add(prefix + "-d" + k);
        }
        return new Topology(prefix + "-s", dests);
    }

    /** @return where a written record is waited for: the destinations, or the topic itself for the anchor */
    List<String> readAt() {
        return dests.isEmpty() ? List.of(source) : dests;
    }

    /**
     * @param dest one of {@link #dests()}
     * @return the name of the router into it, e.g. {@code run-s->run-d1}
     */
    String router(String dest) {
        return source + "->" + dest;
    }

    /**
     * Creates every topic with the class and then the routers, so the routers start at the source's seq 0 and
     * copy every record written afterwards.
     *
     * @param log the engine
     * @param durability the class of every topic
     * @throws IllegalStateException if a topic already existed
     */
    void create(EventLog log, Durability durability) {
        TopicConfig config = TopicConfig.builder().durability(durability).build();
        List<String> all = new ArrayList<>(dests);
        all.add(0, source);
        for (String topic : all) {
            if (!log.configure(topic, config).created()) {
                throw new IllegalStateException("topic " + topic + " already existed");
            }
        }
        for (String dest : dests) {
            log.putRouter(router(dest), RouterSpec.of(source, dest).withCreateDest(false));
        }
    }
}
