package dev.seqlog.core.routers;

import dev.seqlog.api.RouterGuarantee;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.TagMatch;
import dev.seqlog.core.internal.format.RouterBody;

/**
 * A router's definition: fixed identity (name, id, the two topic instances) and its mutable options.
 *
 * @param id unique router id, never reused in the data directory
 * @param name the router name
 * @param source the source topic name
 * @param sourceId the source instance's id (its epoch)
 * @param dest the destination topic name
 * @param destId the destination instance's id
 * @param preserveNode keep $node on copies
 * @param preserveTag keep $tag on copies
 * @param filter the tag filter, or null
 * @param allowCycle whether cycles are allowed (and the hop limit applies)
 * @param guarantee the delivery mode
 * @param createdTs creation time, epoch ms
 */
record RouterDef(long id, String name, String source, long sourceId, String dest, long destId, boolean preserveNode,
                 boolean preserveTag, TagMatch filter, boolean allowCycle, RouterGuarantee guarantee,
                 long createdTs) {

    static RouterDef of(RouterBody.Definition d) {
        return new RouterDef(d.id(), d.name(), d.source(), d.sourceId(), d.dest(), d.destId(), d.preserveNode(),
                d.preserveTag(), d.filter(), d.allowCycle(), d.guarantee(), d.createdTs());
    }

    RouterBody.Definition stored(long cursor, long total) {
        return new RouterBody.Definition(id, createdTs, sourceId, destId, preserveNode, preserveTag, allowCycle,
                guarantee, filter, cursor, total, name, source, dest);
    }

    /** This definition with the options of {@code spec}. */
    RouterDef withOptions(RouterSpec spec) {
        return new RouterDef(id, name, source, sourceId, dest, destId, spec.preserveNode(), spec.preserveTag(),
                spec.filter(), spec.allowCycle(), spec.guarantee(), createdTs);
    }

    boolean sameOptions(RouterSpec spec) {
        return preserveNode == spec.preserveNode() && preserveTag == spec.preserveTag()
                && java.util.Objects.equals(filter, spec.filter()) && allowCycle == spec.allowCycle()
                && guarantee == spec.guarantee();
    }
}
