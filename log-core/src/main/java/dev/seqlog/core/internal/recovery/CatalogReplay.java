package dev.seqlog.core.internal.recovery;

import dev.seqlog.core.internal.format.CorruptionException;

import java.nio.ByteBuffer;

/**
 * What recovery hands the router catalog: its snapshot section, its own ROUTER frames, and the progress
 * destination frames carry (FORWARD and TRIM trailers), in replay order. The catalog decides what each means;
 * recovery only routes them.
 */
public interface CatalogReplay {
    /** A catalog that keeps nothing: an engine without routers. */
    CatalogReplay NONE = new CatalogReplay() {
        @Override
        public void restore(ByteBuffer content) {
        }

        @Override
        public void frame(ByteBuffer body) {
        }

        @Override
        public void progress(long routerId, long cursor, long total) {
        }
    };

    /**
     * @param content the snapshot's router section content
     * @throws CorruptionException if it does not decode
     */
    void restore(ByteBuffer content) throws CorruptionException;

    /**
     * @param body a ROUTER frame body
     * @throws CorruptionException if it does not decode
     */
    void frame(ByteBuffer body) throws CorruptionException;

    /**
     * A destination frame carried a router's progress.
     *
     * @param routerId the router
     * @param cursor its cursor once the frame applied
     * @param total its forwarded total then
     */
    void progress(long routerId, long cursor, long total);
}
