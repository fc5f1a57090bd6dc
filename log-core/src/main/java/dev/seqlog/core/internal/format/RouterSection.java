package dev.seqlog.core.internal.format;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The router section of a snapshot (id {@link SnapshotBody#ROUTERS}, version 1; REQUIRED when it holds a
 * router, so a build that cannot forward never starts from a snapshot whose routers it would drop): the router
 * catalog as of the capture, with each router's cursor.
 *
 * <pre>
 *  offset  size  field
 *  0       8     catalog lsn: ROUTER frames at or below it are held here
 *  8       8     next router id
 *  16      4     router count n
 *  20      ..    n definitions (RouterBody layout) back to back
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class RouterSection {
    /** The content version this build writes and reads. */
    public static final int VERSION = 1;
    static final int LSN = 0;
    static final int NEXT_ID = 8;
    static final int COUNT = 16;
    static final int ROUTERS = 20;

    /**
     * The catalog as a snapshot holds it.
     *
     * @param lsn the catalog lsn captured
     * @param nextId the next router id
     * @param routers the routers
     */
    public record Content(long lsn, long nextId, List<RouterBody.Definition> routers) {
    }

    private RouterSection() {
    }

    /**
     * @param c the catalog
     * @return the section content, position 0 to limit
     */
    public static ByteBuffer encode(Content c) {
        int size = ROUTERS;
        for (RouterBody.Definition d : c.routers()) {
            size += d.size();
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putLong(LSN, c.lsn()).putLong(NEXT_ID, c.nextId()).putInt(COUNT, c.routers().size());
        int at = ROUTERS;
        for (RouterBody.Definition d : c.routers()) {
            at = d.put(b, at);
        }
        return b;
    }

    /**
     * @param content a section content
     * @return the router count
     */
    public static int count(ByteBuffer content) {
        return content.getInt(COUNT);
    }

    /**
     * @param content a section content, offset 0 to limit
     * @return the catalog
     * @throws CorruptionException if it does not decode
     */
    public static Content decode(ByteBuffer content) throws CorruptionException {
        try {
            int n = content.getInt(COUNT);
            if (n < 0) {
                throw new CorruptionException("router section has a negative count: count=" + n);
            }
            List<RouterBody.Definition> routers = new ArrayList<>(Math.min(n, 1 << 16));
            int at = ROUTERS;
            for (int i = 0; i < n; i++) {
                routers.add(RouterBody.read(content, at));
                at = RouterBody.end(content, at);
            }
            if (at != content.limit()) {
                throw new CorruptionException("router section has unread bytes: offset=" + at + " length="
                        + content.limit());
            }
            return new Content(content.getLong(LSN), content.getLong(NEXT_ID), routers);
        } catch (IndexOutOfBoundsException e) {
            throw new CorruptionException("router section overruns its content: " + e.getMessage());
        }
    }
}
