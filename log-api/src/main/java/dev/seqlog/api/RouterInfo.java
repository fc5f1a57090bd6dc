package dev.seqlog.api;

/**
 * A router's definition and progress (API §7.2).
 *
 * @param router the name
 * @param source the source topic
 * @param dest the destination topic
 * @param preserveNode whether copies keep {@code $node}
 * @param preserveTag whether copies keep {@code $tag}
 * @param filter the tag filter, or null
 * @param allowCycle whether cycles are allowed
 * @param guarantee the delivery mode
 * @param forwardedTotal source records processed into {@code dest}: copies appended, plus (exactly-once) copies
 *        found present
 * @param cursor the highest source seq the router has finished with; lag is the source's head minus this
 * @param createdTs creation time, epoch millis
 */
public record RouterInfo(String router, String source, String dest, boolean preserveNode, boolean preserveTag,
                         TagMatch filter, boolean allowCycle, RouterGuarantee guarantee, long forwardedTotal,
                         long cursor, long createdTs) {
}
