package dev.seqlog.core.internal.format;


import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The shape every seqlog file header shares: a magic number naming the kind of file, a format version, the
 * kind's own fields, and a CRC32C of all of that (plus, for some kinds, of a region after the header: an
 * index's points, a snapshot's body). Each file class keeps its own layout drawing and names its own field
 * offsets; one instance of this descriptor per kind owns the shared fields, the checksum and the checks.
 *
 * <pre>
 *  offset        size  field
 *  0             4     magic: four ASCII letters naming the kind of file (MAGIC)
 *  4             2     format version (VERSION)
 *  6             ..    the kind's own fields (FIELDS), up to crcOffset
 *  crcOffset     4     CRC32C of bytes 0 .. crcOffset-1, then of the covered region if the kind has one
 *  crcOffset+4   ..    reserved, zero, up to the header size
 * </pre>
 *
 * <p>Within one kind the magic, the version field and the checksum's position and coverage never change
 * between versions, so every reader can verify a header first and then judge its version; a new version
 * changes only what the header's own fields and the rest of the file mean. Checks run in that order: a
 * header too short, of another magic or failing its checksum is damage ({@link CorruptionException}); an
 * intact header of a version outside the readable range is {@link UnsupportedFormatException}. Messages
 * carry the file and the found and expected values as key=value.
 *
 * <p>Immutable; thread-safe.
 */
public final class FileHeader {
    /** Offset of the magic number. */
    public static final int MAGIC = 0;
    /** Offset of the format version. */
    public static final int VERSION = 4;
    /** Offset of the first field of the kind's own. */
    public static final int FIELDS = 6;
    /** Size of the checksum at {@link #crcOffset()}. */
    public static final int CRC_SIZE = 4;

    private final String kind;
    private final int magic;
    private final int current;
    private final int oldest;
    private final int crcOffset;
    private final int size;

    /**
     * @param kind names the kind of file in messages, e.g. "segment"
     * @param magic the magic number
     * @param current the version this build writes
     * @param oldest the oldest version this build still reads (at most {@code current})
     * @param crcOffset where the checksum sits: the end of the checksummed fields
     * @param size bytes reserved for the header, at least {@code crcOffset + CRC_SIZE}
     */
    public FileHeader(String kind, int magic, int current, int oldest, int crcOffset, int size) {
        if (oldest < 1 || oldest > current || current > Short.MAX_VALUE || crcOffset < FIELDS
                || size < crcOffset + CRC_SIZE) {
            throw new IllegalArgumentException("invalid header description: kind=" + kind);
        }
        this.kind = kind;
        this.magic = magic;
        this.current = current;
        this.oldest = oldest;
        this.crcOffset = crcOffset;
        this.size = size;
    }

    /** @return the name of the kind of file */
    public String kind() {
        return kind;
    }

    /** @return the magic number */
    public int magic() {
        return magic;
    }

    /** @return the version this build writes */
    public int currentVersion() {
        return current;
    }

    /** @return the offset of the checksum */
    public int crcOffset() {
        return crcOffset;
    }

    /** @return bytes reserved for the header */
    public int size() {
        return size;
    }

    /**
     * Starts a header of the current version: {@link #size()} zero bytes with magic and version in place.
     *
     * @return the header; the caller fills its fields at absolute offsets, then calls {@link #seal}
     */
    public ByteBuffer start() {
        return start(current);
    }

    /**
     * Starts a header of a given version (tests write older versions with it).
     *
     * @param version the version to write
     * @return the header
     */
    public ByteBuffer start(int version) {
        ByteBuffer h = ByteBuffer.allocate(size);
        h.putInt(MAGIC, magic).putShort(VERSION, (short) version);
        return h;
    }

    /**
     * Writes the checksum once every field is in place.
     *
     * @param h the header, offset 0 = the file's first byte
     * @param covered the region after the header the checksum also covers (position to limit), or null
     */
    public void seal(ByteBuffer h, ByteBuffer covered) {
        h.putInt(crcOffset, crc(h, covered));
    }

    /**
     * Whether a header is complete, of this kind and matches its checksum; says nothing of its version.
     *
     * @param h the header (offset 0 to limit)
     * @param covered the covered region, or null
     * @return whether it is intact
     */
    public boolean intact(ByteBuffer h, ByteBuffer covered) {
        return h.limit() >= size && h.getInt(MAGIC) == magic && h.getInt(crcOffset) == crc(h, covered);
    }

    /**
     * Whether an intact header's version is one this build reads.
     *
     * @param h the header
     * @return whether its version is readable
     */
    public boolean readable(ByteBuffer h) {
        int v = h.getShort(VERSION);
        return v >= oldest && v <= current;
    }

    /**
     * Checks a header fully and returns its version.
     *
     * @param h the header (offset 0 to limit)
     * @param covered the covered region, or null
     * @param file names the file in messages
     * @return the version, one this build reads
     * @throws CorruptionException if the header is short, of another magic, or fails its checksum
     * @throws UnsupportedFormatException if it is intact but of a version this build does not read
     */
    public int verify(ByteBuffer h, ByteBuffer covered, Object file)
            throws CorruptionException, UnsupportedFormatException {
        if (h.limit() < size) {
            throw new CorruptionException(kind + " header incomplete: file=" + file + " length=" + h.limit()
                    + " expected=" + size);
        }
        if (h.getInt(MAGIC) != magic) {
            throw new CorruptionException(kind + " header has an unknown magic: file=" + file + " found="
                    + hex(h.getInt(MAGIC)) + " expected=" + hex(magic));
        }
        int crc = crc(h, covered);
        if (h.getInt(crcOffset) != crc) {
            throw new CorruptionException(kind + " header checksum mismatch: file=" + file + " found="
                    + hex(h.getInt(crcOffset)) + " expected=" + hex(crc));
        }
        return version(h, file);
    }

    /**
     * Reads the version of an intact header.
     *
     * @param h the header
     * @param file names the file in messages
     * @return the version
     * @throws UnsupportedFormatException if this build does not read it
     */
    public int version(ByteBuffer h, Object file) throws UnsupportedFormatException {
        if (!readable(h)) {
            throw new UnsupportedFormatException("unsupported " + kind + " format version: file=" + file
                    + " found=" + h.getShort(VERSION) + " expected=" + (oldest == current ? "" + current
                    : oldest + ".." + current));
        }
        return h.getShort(VERSION);
    }

    private int crc(ByteBuffer h, ByteBuffer covered) {
        CRC32C c = new CRC32C();
        c.update(h.duplicate().limit(crcOffset).position(0));
        if (covered != null) {
            c.update(covered.duplicate());
        }
        return (int) c.getValue();
    }

    private static String hex(int v) {
        return String.format("0x%08X", v);
    }
}
