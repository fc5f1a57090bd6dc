package dev.seqlog.replication;

import dev.seqlog.api.RouterGuarantee;
import dev.seqlog.api.TagMatch;

/**
 * The router fields a PUT_ROUTER command ({@link CommandCodec}) and a router's reply ({@link ResultCodec}) share:
 * one flags byte for the booleans and whether a filter follows, then the filter's value and the guarantee's wire
 * name.
 *
 * <pre>
 * flags (1: bit 0 preserve_node, bit 1 preserve_tag, bit 2 allow_cycle, bit 3 create_dest, bit 4 filter,
 *        bit 5 filter is a prefix) | ... | [filter value str] | guarantee str
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
final class RouterWire {
    static final int PRESERVE_NODE = 1;
    static final int PRESERVE_TAG = 2;
    static final int ALLOW_CYCLE = 4;
    static final int CREATE_DEST = 8;
    private static final int FILTER = 16;
    private static final int FILTER_PREFIX = 32;

    private RouterWire() {
    }

    static int flags(boolean preserveNode, boolean preserveTag, boolean allowCycle, boolean createDest,
                     TagMatch filter) {
        return (preserveNode ? PRESERVE_NODE : 0) | (preserveTag ? PRESERVE_TAG : 0) | (allowCycle ? ALLOW_CYCLE : 0)
                | (createDest ? CREATE_DEST : 0) | (filter != null ? FILTER : 0)
                | (filter != null && filter.prefix() ? FILTER_PREFIX : 0);
    }

    static void writeFilterAndGuarantee(WireWriter w, TagMatch filter, RouterGuarantee guarantee) {
        if (filter != null) {
            w.putString(filter.value());
        }
        w.putString(guarantee.wireName());
    }

    /** @return the filter the flags announce, or null */
    static TagMatch readFilter(WireReader r, int flags) {
        if ((flags & FILTER) == 0) {
            return null;
        }
        String value = r.getString("router filter");
        if (value == null) {
            throw new MalformedEntryException("router filter without a value");
        }
        return new TagMatch((flags & FILTER_PREFIX) != 0, value);
    }

    static RouterGuarantee readGuarantee(WireReader r) {
        String guarantee = r.getString("router guarantee");
        try {
            return RouterGuarantee.fromWire(guarantee);
        } catch (RuntimeException e) {
            throw new MalformedEntryException("router guarantee " + guarantee);
        }
    }
}
