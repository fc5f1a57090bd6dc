package dev.seqlog.core.spi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * An object store the cold tier keeps sealed segments in: immutable objects under keys relative to the
 * store's own root (a directory, or a bucket and prefix). The engine never overwrites an object: each upload
 * uses a fresh key and {@link #create} refuses a key that exists, so a retried or repeated upload can never
 * replace bytes a snapshot already references.
 *
 * <p>Calls block; the engine makes them from its checkpoint thread and from readers that hold no topic
 * lock. Implementations must be thread-safe.
 */
public interface ObjectStore extends AutoCloseable {
    /**
     * Stores a new object. Returns only once the store holds it durably.
     *
     * @param key the key (letters, digits, {@code / - . _})
     * @param content the bytes, from position to limit; not modified
     * @param sha256 the lowercase hex SHA-256 of the content, kept with the object and returned by {@link #head}
     * @throws ObjectExistsException if an object with this key exists
     * @throws IOException if the store fails or refuses the write
     */
    void create(String key, ByteBuffer content, String sha256) throws IOException;

    /**
     * @param key the key
     * @return the object's length and digest, or null if there is no such object
     * @throws IOException if the store cannot be asked
     */
    ObjectInfo head(String key) throws IOException;

    /**
     * Reads {@code dst.remaining()} bytes of an object starting at {@code offset} into {@code dst}.
     *
     * @param key the key
     * @param offset where to start
     * @param dst where the bytes go; advanced to its limit
     * @throws java.nio.file.NoSuchFileException if there is no such object
     * @throws java.io.EOFException if the object ends before the range does
     * @throws IOException if the store fails
     */
    void read(String key, long offset, ByteBuffer dst) throws IOException;

    /**
     * Deletes an object; deleting one that does not exist succeeds.
     *
     * @param key the key
     * @throws IOException if the store fails
     */
    void delete(String key) throws IOException;

    /**
     * @param prefix a key prefix ({@code ""} for all)
     * @return the keys that start with it, in no particular order
     * @throws IOException if the store fails
     */
    List<String> list(String prefix) throws IOException;

    /** @return where the store is, for logs and errors (never a credential) */
    String describe();

    @Override
    void close();

    /**
     * What {@link #head} reports.
     *
     * @param length bytes
     * @param sha256 the digest given at {@link #create}, or null if the store lost it
     */
    record ObjectInfo(long length, String sha256) {
    }

    /** {@link #create} found the key taken. */
    final class ObjectExistsException extends IOException {
        private static final long serialVersionUID = 1L;

        /** @param key the key */
        public ObjectExistsException(String key) {
            super("an object with this key already exists: " + key);
        }
    }
}
