package dev.seqlog.core.internal.segment;

import dev.seqlog.core.internal.storage.SparseIndex;

import java.nio.ByteBuffer;

/**
 * Where the bytes of a segment in the object store come from: the local cache's copy of its object, which
 * may hold only some of its chunks, and the fetches that fill it.
 */
public interface ObjectSource {
    /** @return the object id */
    long objectId();

    /**
     * The cached copy, perhaps with only some of its chunks.
     *
     * @param mayFetch whether to ask the store (its index) when the cache does not hold it (blocks)
     * @return the copy, or null if {@code mayFetch} is false and the cache does not hold it
     * @throws java.io.IOException if the store fails
     */
    Resident open(boolean mayFetch) throws java.io.IOException;

    /**
     * Fetches the chunk holding entry {@code number} and a few after it (blocks).
     *
     * @throws java.io.IOException if the store fails or the bytes are damaged
     */
    void fetchAround(int number) throws java.io.IOException;

    /**
     * Fetches every missing chunk (blocks).
     *
     * @throws java.io.IOException if the store fails or the bytes are damaged
     */
    void fetchAll() throws java.io.IOException;

    /**
     * A cached copy: the mapping of its entries, its sparse index, the file (for messages), which entries
     * are present, and whether the cache has since evicted it.
     */
    interface Resident {
        /** @return the mapping; it shows every chunk present when it was read */
        ByteBuffer entries();

        SparseIndex index();

        Object file();

        boolean evicted();

        /** @return whether every chunk is present */
        boolean complete();

        /**
         * @param number an entry number
         * @return {@code from << 32 | to}, the present entries around it, or -1 if its chunk is missing
         */
        long readable(int number);
    }
}
