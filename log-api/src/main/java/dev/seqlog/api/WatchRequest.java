package dev.seqlog.api;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What to follow live (API §8.2, SEMANTICS §16): a set of topics, each with its start, and the read options
 * every delivery of the watch applies.
 *
 * @param topics topic name to start, 1 to {@link #MAX_TOPICS} entries; kept in ascending name order
 * @param nodes reader node ids whose records are skipped on {@code dedupe_node} topics; empty for none
 * @param limit most records per {@link WatchEvent.Records} event, 0 for {@link DiffRequest#DEFAULT_LIMIT};
 *              clamped to the log's max limit
 * @param maxBatchBytes byte budget per event, 0 for 1 MiB, clamped to 8 MiB; at least one record per event
 * @param includeData whether records carry {@code data}
 * @param includeMeta whether records carry {@code meta}
 * @param includeTags whether records carry their tag
 * @param lenient leave unknown topics out instead of failing with topic_not_found
 * @param strong deliver a record only once it is flushed to stable storage (consistency {@code "strong"}): for
 *               {@code disk} and {@code memory} topics this waits for the group flush; {@code fsync} records are
 *               flushed when they become visible and {@code ephemeral} ones are never flushed, so neither waits
 */
public record WatchRequest(Map<String, WatchStart> topics, Set<String> nodes, int limit, long maxBatchBytes,
                           boolean includeData, boolean includeMeta, boolean includeTags, boolean lenient,
                           boolean strong) {
    /** Most topics one watch may follow (the default of {@code SEQLOG_MAX_WATCH_TOPICS}). */
    public static final int MAX_TOPICS = 256;

    /**
     * Validates and normalises.
     *
     * @param topics topics and starts
     * @param nodes node set
     * @param limit record limit
     * @param maxBatchBytes byte budget
     * @param includeData data flag
     * @param includeMeta meta flag
     * @param includeTags tags flag
     * @param lenient whether unknown topics are left out
     * @param strong whether records wait for their flush
     */
    public WatchRequest {
        if (topics == null || topics.isEmpty()) {
            throw SeqlogException.invalid("topics", "a watch needs at least one topic");
        }
        TreeMap<String, WatchStart> sorted = new TreeMap<>();
        for (Map.Entry<String, WatchStart> e : topics.entrySet()) {
            Names.requireTopic(e.getKey());
            if (e.getValue() == null) {
                throw SeqlogException.invalid("topics", "topic \"" + e.getKey() + "\" has no start");
            }
            sorted.put(e.getKey(), e.getValue());
        }
        topics = Collections.unmodifiableMap(sorted);
        // DiffRequest validates and clamps the read options once, for every delivery alike
        DiffRequest read = new DiffRequest(0, limit, nodes, includeTags, includeMeta, maxBatchBytes);
        nodes = read.nodes();
        limit = read.limit();
        maxBatchBytes = read.maxBatchBytes();
    }

    /**
     * Follows the given topics from their heads, with every option at its default.
     *
     * @param topics names
     * @return the request
     */
    public static WatchRequest tail(String... topics) {
        Map<String, WatchStart> m = new TreeMap<>();
        for (String t : topics) {
            m.put(t, WatchStart.atTail());
        }
        return of(m);
    }

    /**
     * Follows one topic from a cursor, with every option at its default.
     *
     * @param topic the name
     * @param fromSeq records after this seq are delivered
     * @return the request
     */
    public static WatchRequest after(String topic, long fromSeq) {
        return of(Map.of(topic, WatchStart.after(fromSeq)));
    }

    /**
     * Follows the given topics with every option at its default (records carry data and meta, no tags).
     *
     * @param topics names and starts
     * @return the request
     */
    public static WatchRequest of(Map<String, WatchStart> topics) {
        return new WatchRequest(topics, Set.of(), 0, 0, true, true, false, false, false);
    }

    /**
     * This request with other batching: records and bytes per event. Default: 0 and 0, meaning
     * {@link DiffRequest#DEFAULT_LIMIT} records and 1 MiB.
     *
     * @param limitV records per event, 0 for the default
     * @param maxBatchBytesV bytes per event, 0 for the default
     * @return a new request
     */
    public WatchRequest withBatching(int limitV, long maxBatchBytesV) {
        return new WatchRequest(topics, nodes, limitV, maxBatchBytesV, includeData, includeMeta, includeTags, lenient, strong);
    }

    /**
     * This request skipping records of these nodes on {@code dedupe_node} topics. Default: none skipped.
     *
     * @param v node ids
     * @return a new request
     */
    public WatchRequest withNodes(Set<String> v) {
        return new WatchRequest(topics, v, limit, maxBatchBytes, includeData, includeMeta, includeTags, lenient, strong);
    }

    /**
     * This request with or without {@code data} in its records (default: with).
     *
     * @param v include {@code data}
     * @return a new request
     */
    public WatchRequest withData(boolean v) {
        return new WatchRequest(topics, nodes, limit, maxBatchBytes, v, includeMeta, includeTags, lenient, strong);
    }

    /**
     * This request with or without {@code meta} in its records (default: with).
     *
     * @param v include {@code meta}
     * @return a new request
     */
    public WatchRequest withMeta(boolean v) {
        return new WatchRequest(topics, nodes, limit, maxBatchBytes, includeData, v, includeTags, lenient, strong);
    }

    /**
     * This request with or without tags in its records (default: without).
     *
     * @param v include tags
     * @return a new request
     */
    public WatchRequest withTags(boolean v) {
        return new WatchRequest(topics, nodes, limit, maxBatchBytes, includeData, includeMeta, v, lenient, strong);
    }

    /**
     * This request, lenient or not about unknown topics. Default: not (an unknown topic fails the watch).
     *
     * @param v the flag
     * @return a new request
     */
    public WatchRequest withLenient(boolean v) {
        return new WatchRequest(topics, nodes, limit, maxBatchBytes, includeData, includeMeta, includeTags, v, strong);
    }

    /**
     * This request with strong or eventual consistency. Default: eventual.
     *
     * @param v whether records wait for their flush
     * @return a new request
     */
    public WatchRequest withStrong(boolean v) {
        return new WatchRequest(topics, nodes, limit, maxBatchBytes, includeData, includeMeta, includeTags, lenient, v);
    }

    /**
     * The read each delivery applies, from {@code fromSeq}.
     *
     * @param fromSeq the cursor
     * @return the read
     */
    public DiffRequest read(long fromSeq) {
        return new DiffRequest(fromSeq, limit, nodes, includeTags, includeMeta, maxBatchBytes);
    }
}
