package dev.seqlog.api;

/**
 * What a {@code PUT} of a router asks for (API §7.1). {@code source} and {@code dest} are fixed for the router's
 * life; the other fields are its mutable options, and an update replaces all of them.
 *
 * @param source the topic whose records are forwarded
 * @param dest the topic that receives copies; must differ from {@code source}
 * @param preserveNode keep {@code $node} on copies
 * @param preserveTag keep {@code $tag} on copies
 * @param filter forward only records whose tag matches, or null for every record
 * @param allowCycle whether this router may close a cycle of routers (then the hop limit applies to it)
 * @param guarantee the delivery mode
 * @param createDest whether a missing {@code source} or {@code dest} is created with default configuration
 */
public record RouterSpec(String source, String dest, boolean preserveNode, boolean preserveTag, TagMatch filter,
                         boolean allowCycle, RouterGuarantee guarantee, boolean createDest) {
    /**
     * Checks the names and the guarantee.
     *
     * @param source source
     * @param dest dest
     * @param preserveNode preserve_node
     * @param preserveTag preserve_tag
     * @param filter filter
     * @param allowCycle allow_cycle
     * @param guarantee guarantee
     * @param createDest create_dest
     * @throws SeqlogException invalid_request for a missing or invalid name, {@code source == dest}, or a missing
     *         guarantee
     */
    public RouterSpec {
        if (source == null) {
            throw SeqlogException.invalid("source", "source is required");
        }
        if (dest == null) {
            throw SeqlogException.invalid("dest", "dest is required");
        }
        Names.requireTopic(source);
        Names.requireTopic(dest);
        if (source.equals(dest)) {
            throw SeqlogException.invalid("dest", "dest must differ from source").with("topic", dest);
        }
        if (guarantee == null) {
            throw SeqlogException.invalid("guarantee", "guarantee is required");
        }
    }

    /**
     * A router with every option at its default: node and tag kept, no filter, no cycles, at-least-once, missing
     * topics created.
     *
     * @param source the source topic
     * @param dest the destination topic
     * @return the spec
     */
    public static RouterSpec of(String source, String dest) {
        return new RouterSpec(source, dest, true, true, null, false, RouterGuarantee.AT_LEAST_ONCE, true);
    }

    /**
     * Whether copies keep the source record's {@code $node}. Default: true.
     *
     * @param v keep {@code $node}
     * @return a copy with it
     */
    public RouterSpec withPreserveNode(boolean v) {
        return new RouterSpec(source, dest, v, preserveTag, filter, allowCycle, guarantee, createDest);
    }

    /**
     * Whether copies keep the source record's {@code $tag}. Default: true.
     *
     * @param v keep {@code $tag}
     * @return a copy with it
     */
    public RouterSpec withPreserveTag(boolean v) {
        return new RouterSpec(source, dest, preserveNode, v, filter, allowCycle, guarantee, createDest);
    }

    /**
     * Copies only records whose tag matches. Default: null, every record.
     *
     * @param v the tag filter, or null
     * @return a copy with it
     */
    public RouterSpec withFilter(TagMatch v) {
        return new RouterSpec(source, dest, preserveNode, preserveTag, v, allowCycle, guarantee, createDest);
    }

    /**
     * Whether this router may close a cycle of routers. Default: false ({@code router_cycle} is refused).
     *
     * @param v whether cycles are allowed
     * @return a copy with it
     */
    public RouterSpec withAllowCycle(boolean v) {
        return new RouterSpec(source, dest, preserveNode, preserveTag, filter, v, guarantee, createDest);
    }

    /**
     * The delivery guarantee of the copies. Default: {@link RouterGuarantee#AT_LEAST_ONCE}.
     *
     * @param v the delivery mode
     * @return a copy with it
     */
    public RouterSpec withGuarantee(RouterGuarantee v) {
        return new RouterSpec(source, dest, preserveNode, preserveTag, filter, allowCycle, v, createDest);
    }

    /**
     * Whether a missing source or destination topic is created with default configuration. Default: true.
     *
     * @param v whether missing topics are created
     * @return a copy with it
     */
    public RouterSpec withCreateDest(boolean v) {
        return new RouterSpec(source, dest, preserveNode, preserveTag, filter, allowCycle, guarantee, v);
    }
}
