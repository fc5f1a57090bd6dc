package dev.seqlog.core.internal.format;

import dev.seqlog.api.RouterGuarantee;
import dev.seqlog.api.TagMatch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The body of a ROUTER frame: one event of the router catalog, logged under the catalog's own id
 * ({@link #CATALOG_ID}, never a topic's) with the catalog's log sequence number. Also the codec of a router
 * definition, which the snapshot's {@link RouterSection} holds in the same layout.
 *
 * <pre>
 *  offset  size  field
 *  0       17    prefix: type 12, topic id 0, lsn (WalBodies)
 *  17      1     kind: 1 DEFINE (created or reconfigured), 2 REMOVE, 3 CURSOR
 *  DEFINE  18    a definition (below)
 *  REMOVE  18 8  router id
 *  CURSOR  18 8  router id
 *          26 8  cursor
 *          34 8  forwarded total
 *
 *  definition, from its first byte:
 *  0       8     router id: unique for the life of the data directory, never reused
 *  8       8     created ts (epoch ms)
 *  16      8     source topic id (its epoch)
 *  24      8     dest topic id
 *  32      1     flags: 1 preserve_node, 2 preserve_tag, 4 allow_cycle, 8 exactly_once
 *  33      1     filter kind (PersistedCodes match codes: 0 none, 1 Eq, 2 prefix)
 *  34      8     cursor
 *  42      8     forwarded total
 *  50      ..    filter value, router name, source name, dest name (ShortString each; the value UTF-8,
 *                the names ASCII)
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class RouterBody {
    /** The id the catalog logs under; topic ids start at 1. */
    public static final long CATALOG_ID = 0;
    /** Kind: a router was created, or its options replaced. */
    public static final byte DEFINE = 1;
    /** Kind: a router was removed. */
    public static final byte REMOVE = 2;
    /** Kind: a router's progress, when no destination frame carried it (an ephemeral destination). */
    public static final byte CURSOR = 3;

    static final int KIND = WalBodies.PAYLOAD;
    static final int ROUTER_ID = KIND + 1;
    static final int CURSOR_VALUE = ROUTER_ID + 8;
    static final int CURSOR_TOTAL = CURSOR_VALUE + 8;
    static final int CURSOR_END = CURSOR_TOTAL + 8;

    static final int D_ID = 0;
    static final int D_CREATED = 8;
    static final int D_SOURCE_ID = 16;
    static final int D_DEST_ID = 24;
    static final int D_FLAGS = 32;
    static final int D_FILTER_KIND = 33;
    static final int D_CURSOR = 34;
    static final int D_TOTAL = 42;
    static final int D_STRINGS = 50;

    static final int PRESERVE_NODE = 1;
    static final int PRESERVE_TAG = 2;
    static final int ALLOW_CYCLE = 4;
    static final int EXACTLY_ONCE = 8;

    /**
     * A router's definition and progress as stored.
     *
     * @param id the router id
     * @param createdTs creation time
     * @param sourceId the source topic's id
     * @param destId the destination topic's id
     * @param preserveNode keep $node
     * @param preserveTag keep $tag
     * @param allowCycle cycles allowed
     * @param guarantee delivery mode
     * @param filter tag filter, or null
     * @param cursor the cursor
     * @param total the forwarded total
     * @param name the router name
     * @param source the source topic name
     * @param dest the destination topic name
     */
    public record Definition(long id, long createdTs, long sourceId, long destId, boolean preserveNode,
                             boolean preserveTag, boolean allowCycle, RouterGuarantee guarantee, TagMatch filter,
                             long cursor, long total, String name, String source, String dest) {
        int size() {
            return D_STRINGS + ShortString.size(value()) + ShortString.size(ascii(name))
                    + ShortString.size(ascii(source)) + ShortString.size(ascii(dest));
        }

        private byte[] value() {
            return filter == null ? null : filter.value().getBytes(StandardCharsets.UTF_8);
        }

        int put(ByteBuffer b, int at) {
            int flags = (preserveNode ? PRESERVE_NODE : 0) | (preserveTag ? PRESERVE_TAG : 0)
                    | (allowCycle ? ALLOW_CYCLE : 0) | (guarantee == RouterGuarantee.EXACTLY_ONCE ? EXACTLY_ONCE : 0);
            b.putLong(at + D_ID, id).putLong(at + D_CREATED, createdTs).putLong(at + D_SOURCE_ID, sourceId)
                    .putLong(at + D_DEST_ID, destId).put(at + D_FLAGS, (byte) flags)
                    .put(at + D_FILTER_KIND, PersistedCodes.matchCode(filter)).putLong(at + D_CURSOR, cursor)
                    .putLong(at + D_TOTAL, total);
            int p = ShortString.put(b, at + D_STRINGS, value());
            p = ShortString.put(b, p, ascii(name));
            p = ShortString.put(b, p, ascii(source));
            return ShortString.put(b, p, ascii(dest));
        }

        /** @return this definition with another cursor and total */
        public Definition withProgress(long c, long t) {
            return new Definition(id, createdTs, sourceId, destId, preserveNode, preserveTag, allowCycle, guarantee,
                    filter, c, t, name, source, dest);
        }
    }

    private RouterBody() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param lsn the catalog's lsn
     * @param d the definition
     * @return a DEFINE body
     */
    public static ByteBuffer define(long lsn, Definition d) {
        ByteBuffer b = WalBodies.start(WalBodies.ROUTER, CATALOG_ID, lsn, ROUTER_ID + d.size());
        b.put(KIND, DEFINE);
        d.put(b, ROUTER_ID);
        return b;
    }

    /**
     * @param lsn the catalog's lsn
     * @param routerId the router
     * @return a REMOVE body
     */
    public static ByteBuffer remove(long lsn, long routerId) {
        ByteBuffer b = WalBodies.start(WalBodies.ROUTER, CATALOG_ID, lsn, ROUTER_ID + 8);
        b.put(KIND, REMOVE).putLong(ROUTER_ID, routerId);
        return b;
    }

    /**
     * @param lsn the catalog's lsn
     * @param routerId the router
     * @param cursor its cursor
     * @param total its forwarded total
     * @return a CURSOR body
     */
    public static ByteBuffer cursor(long lsn, long routerId, long cursor, long total) {
        ByteBuffer b = WalBodies.start(WalBodies.ROUTER, CATALOG_ID, lsn, CURSOR_END);
        b.put(KIND, CURSOR).putLong(ROUTER_ID, routerId).putLong(CURSOR_VALUE, cursor).putLong(CURSOR_TOTAL, total);
        return b;
    }

    /**
     * @param b a ROUTER body
     * @return its kind
     * @throws CorruptionException for an unknown kind
     */
    public static byte kind(ByteBuffer b) throws CorruptionException {
        byte k = b.get(KIND);
        if (k != DEFINE && k != REMOVE && k != CURSOR) {
            throw new CorruptionException("unknown router frame kind: kind=" + k + " lsn=" + WalBodies.lsn(b));
        }
        return k;
    }

    /**
     * @param b a REMOVE or CURSOR body
     * @return the router id
     */
    public static long routerId(ByteBuffer b) {
        return b.getLong(ROUTER_ID);
    }

    /**
     * @param b a CURSOR body
     * @return the cursor
     */
    public static long cursor(ByteBuffer b) {
        return b.getLong(CURSOR_VALUE);
    }

    /**
     * @param b a CURSOR body
     * @return the forwarded total
     */
    public static long total(ByteBuffer b) {
        return b.getLong(CURSOR_TOTAL);
    }

    /**
     * @param b a DEFINE body
     * @return its definition
     * @throws CorruptionException if it does not decode
     */
    public static Definition definition(ByteBuffer b) throws CorruptionException {
        return read(b, ROUTER_ID);
    }

    /** Reads a definition at {@code at}; {@link #end} says where it ends. */
    static Definition read(ByteBuffer b, int at) throws CorruptionException {
        try {
            int flags = b.get(at + D_FLAGS);
            byte kind = PersistedCodes.matchKind(b.get(at + D_FILTER_KIND));
            int p = at + D_STRINGS;
            String value = ShortString.read(b, p, StandardCharsets.UTF_8);
            p += ShortString.size(b, p);
            String name = ShortString.read(b, p, StandardCharsets.US_ASCII);
            p += ShortString.size(b, p);
            String source = ShortString.read(b, p, StandardCharsets.US_ASCII);
            p += ShortString.size(b, p);
            String dest = ShortString.read(b, p, StandardCharsets.US_ASCII);
            if (name == null || source == null || dest == null || (kind != PersistedCodes.MATCH_NONE && value == null)) {
                throw new CorruptionException("router definition lacks a name: offset=" + at);
            }
            TagMatch filter = kind == PersistedCodes.MATCH_NONE ? null
                    : new TagMatch(kind == PersistedCodes.MATCH_PREFIX, value);
            return new Definition(b.getLong(at + D_ID), b.getLong(at + D_CREATED), b.getLong(at + D_SOURCE_ID),
                    b.getLong(at + D_DEST_ID), (flags & PRESERVE_NODE) != 0, (flags & PRESERVE_TAG) != 0,
                    (flags & ALLOW_CYCLE) != 0,
                    (flags & EXACTLY_ONCE) != 0 ? RouterGuarantee.EXACTLY_ONCE : RouterGuarantee.AT_LEAST_ONCE,
                    filter, b.getLong(at + D_CURSOR), b.getLong(at + D_TOTAL), name, source, dest);
        } catch (IndexOutOfBoundsException e) {
            throw new CorruptionException("router definition overruns its body: offset=" + at);
        }
    }

    /** @return the offset just after the definition at {@code at} */
    static int end(ByteBuffer b, int at) {
        int p = at + D_STRINGS;
        for (int i = 0; i < 4; i++) {
            p += ShortString.size(b, p);
        }
        return p;
    }
}
