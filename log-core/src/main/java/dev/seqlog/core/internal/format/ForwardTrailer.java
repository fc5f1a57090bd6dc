package dev.seqlog.core.internal.format;

import java.nio.ByteBuffer;

/**
 * A router's progress, carried at the end of the FORWARD and TRIM frames it logs into its destination: the
 * copies (or the marker) and the cursor that covers them are one frame, so recovery never finds a cursor past a
 * copy it lost, nor a copy whose cursor it lost.
 *
 * <pre>
 *  offset  size  field
 *  0       8     router id (RouterBody)
 *  8       8     cursor: the highest source seq the router is finished with once this frame applies
 *  16      8     forwarded total then
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class ForwardTrailer {
    /** Bytes of a trailer. */
    public static final int SIZE = 24;
    static final int ROUTER_ID = 0;
    static final int CURSOR = 8;
    static final int TOTAL = 16;

    /**
     * A router's progress as a frame carries it.
     *
     * @param routerId the router
     * @param cursor the highest source seq it is finished with once the frame applies
     * @param total its forwarded total then
     */
    public record Progress(long routerId, long cursor, long total) {
    }

    private ForwardTrailer() {
    }

    static void put(ByteBuffer b, int at, long routerId, long cursor, long total) {
        b.putLong(at + ROUTER_ID, routerId).putLong(at + CURSOR, cursor).putLong(at + TOTAL, total);
    }

    /**
     * @param b a frame body
     * @param at where its trailer starts
     * @return the router id
     */
    public static long routerId(ByteBuffer b, int at) {
        return b.getLong(at + ROUTER_ID);
    }

    /**
     * @param b a frame body
     * @param at where its trailer starts
     * @return the cursor
     */
    public static long cursor(ByteBuffer b, int at) {
        return b.getLong(at + CURSOR);
    }

    /**
     * @param b a frame body
     * @param at where its trailer starts
     * @return the forwarded total
     */
    public static long total(ByteBuffer b, int at) {
        return b.getLong(at + TOTAL);
    }
}
