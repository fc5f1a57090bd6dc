package dev.seqlog.core.internal.format;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * The framing of a snapshot body (format version 2): a sequence of versioned, length-prefixed sections
 * ending with an end marker. The snapshot file's checksum covers the whole body.
 *
 * <pre>
 *  section
 *  offset  size  field
 *  0       2     id: what the content is (SnapshotBody's table); 0 = end of body
 *  2       2     version of the content's layout
 *  4       2     flags: bit 0 = REQUIRED; bits 1-15 reserved (written 0, ignored when read)
 *  6       4     content length L
 *  10      L     content
 *
 *  body:   section, section, ..., end marker (id 0, version 0, flags 0, length 0); nothing after it
 * </pre>
 *
 * <p><b>Unknown sections.</b> A reader that meets a section whose (id, version) it does not know skips it
 * if the section is optional, and refuses the whole snapshot with {@link UnsupportedFormatException} naming
 * the section if it is REQUIRED. A writer marks a section REQUIRED when a reader that ignored it would
 * recover a wrong state (topics, reservations, durable leases), and optional when ignoring it only loses
 * something derivable or advisory. A new feature adds a section under a new id without touching the others.
 * A length that overruns the body, a missing end marker or bytes after it are damage
 * ({@link CorruptionException}).
 *
 * <p>Writers and readers are confined to one thread.
 */
public final class SnapshotSections {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotSections.class);

    /** Offset of the section id. */
    public static final int ID = 0;
    /** Offset of the content version. */
    public static final int VERSION = ID + 2;
    /** Offset of the flags. */
    public static final int FLAGS = VERSION + 2;
    /** Offset of the content length. */
    public static final int LENGTH = FLAGS + 2;
    /** Bytes before the content. */
    public static final int HEADER = LENGTH + 4;
    /** The id of the end marker. */
    public static final int END = 0;
    /** Flag: a reader that does not know the section must refuse the snapshot. */
    public static final int REQUIRED = 1;

    private SnapshotSections() {
    }

    /** Builds a body: sections appended one after another into a buffer that grows. */
    public static final class Writer {
        private ByteBuffer buf;
        private int open = -1;

        /**
         * @param capacity initial capacity, a guess
         */
        public Writer(int capacity) {
            buf = ByteBuffer.allocate(Math.max(capacity, 64));
        }

        /**
         * Reserves {@code n} bytes at the end of the body.
         *
         * @param n bytes
         * @return their offset in {@link #buffer()}
         */
        public int claim(int n) {
            if (buf.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
            int at = buf.position();
            buf.position(at + n);
            return at;
        }

        /** @return the buffer, valid until the next {@link #claim} */
        public ByteBuffer buffer() {
            return buf;
        }

        /**
         * Opens a section; its content is what is claimed until {@link #endSection()}.
         *
         * @param id the section id (not {@link #END})
         * @param version its content's version
         * @param flags its flags
         */
        public void beginSection(int id, int version, int flags) {
            if (open >= 0 || id == END) {
                throw new IllegalStateException("section " + id + " cannot begin here");
            }
            open = claim(HEADER);
            buf.putShort(open + ID, (short) id).putShort(open + VERSION, (short) version)
                    .putShort(open + FLAGS, (short) flags);
        }

        /** Closes the open section, writing its length. */
        public void endSection() {
            buf.putInt(open + LENGTH, buf.position() - open - HEADER);
            open = -1;
        }

        /** @return the body, end marker included, position 0 to limit */
        public ByteBuffer finish() {
            if (open >= 0) {
                throw new IllegalStateException("a section is still open");
            }
            int at = claim(HEADER);
            buf.putShort(at + ID, (short) END).putShort(at + VERSION, (short) 0).putShort(at + FLAGS, (short) 0)
                    .putInt(at + LENGTH, 0);
            return buf.flip();
        }
    }

    /** Walks the sections of a body. */
    public static final class Reader {
        private final ByteBuffer b;
        private int at;
        private int next;
        private boolean ended;

        /**
         * @param body the body, offset 0 = its first section
         */
        public Reader(ByteBuffer body) {
            b = body;
        }

        /**
         * Moves to the next section.
         *
         * @return false at the end marker
         * @throws CorruptionException if a header or length overruns the body, the end marker is missing or
         *         damaged, or bytes follow it
         */
        public boolean next() throws CorruptionException {
            if (ended) {
                return false;
            }
            at = next;
            if (b.limit() - at < HEADER) {
                throw new CorruptionException("snapshot body ends without its end marker: offset=" + at
                        + " length=" + b.limit());
            }
            int len = b.getInt(at + LENGTH);
            if (len < 0 || len > b.limit() - at - HEADER) {
                throw new CorruptionException("snapshot section overruns the body: offset=" + at + " id=" + id()
                        + " sectionLength=" + len + " bodyLength=" + b.limit());
            }
            next = at + HEADER + len;
            if (id() != END) {
                return true;
            }
            ended = true;
            if (len != 0 || next != b.limit()) {
                throw new CorruptionException("snapshot end marker damaged or followed by bytes: offset=" + at
                        + " sectionLength=" + len + " bodyLength=" + b.limit());
            }
            return false;
        }

        /** @return the current section's id */
        public int id() {
            return b.getShort(at + ID) & 0xFFFF;
        }

        /** @return its content version */
        public int version() {
            return b.getShort(at + VERSION) & 0xFFFF;
        }

        /** @return whether a reader that does not know it must refuse the snapshot */
        public boolean required() {
            return (b.getShort(at + FLAGS) & REQUIRED) != 0;
        }

        /**
         * @param id an id
         * @param version a version
         * @return whether the current section is that one
         */
        public boolean is(int id, int version) {
            return id() == id && version() == version;
        }

        /** @return offset of the current section's content */
        public int content() {
            return at + HEADER;
        }

        /** @return offset just after the current section's content */
        public int contentEnd() {
            return next;
        }

        /**
         * Applies the unknown-section rule to the current section: skips it if optional.
         *
         * @throws UnsupportedFormatException if it is REQUIRED
         */
        public void skipUnknown() throws UnsupportedFormatException {
            String what = "id=" + id() + " version=" + version() + " offset=" + at + " length=" + (next - content());
            if (required()) {
                throw new UnsupportedFormatException("snapshot has a required section this build does not know: "
                        + what);
            }
            LOG.info("skipping an optional snapshot section this build does not know: {}", what);
        }

        /**
         * Checks that a content decoder consumed exactly the current section.
         *
         * @param end where the decoder stopped
         * @throws CorruptionException if it stopped elsewhere
         */
        public void consumed(int end) throws CorruptionException {
            if (end != next) {
                throw new CorruptionException("snapshot section content does not match its length: id=" + id()
                        + " version=" + version() + " offset=" + at + " decodedEnd=" + end + " sectionEnd=" + next);
            }
        }
    }
}
