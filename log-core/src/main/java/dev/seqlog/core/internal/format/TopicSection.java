package dev.seqlog.core.internal.format;

import dev.seqlog.api.TopicConfig;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A topic instance in a snapshot (section id {@link SnapshotBody#TOPIC}, version 1, required, one per
 * instance): everything recovery needs to rebuild it without the WAL frames up to its lsn. A version-1
 * snapshot body holds the same bytes per topic, back to back.
 *
 * <pre>
 *  offset  size  field
 *  0       8     topic id (also the instance epoch)
 *  8       8     lsn: the topic's last WAL frame the snapshot holds
 *  16      2+n   name (ShortString, ASCII)
 *  C       ..    configuration (ConfigCodec)
 *  W       80    watermarks, from W: head(0) earliest(8) capFloor(16) ttlFloor(24) restartFloor(32)
 *                reservation(40, -1 = none) lastTs(48) lastWriteTs(56, Long.MIN_VALUE = none) count(64)
 *                bytes(72): live count and accounted bytes
 *  W+80    ..    loss ranges (LossList)
 *  S       ..    segment list (SegmentList)
 * </pre>
 *
 * <p>Writers and readers are confined to one thread.
 */
public final class TopicSection {
    /** The content version this build writes and reads. */
    public static final int VERSION = 1;
    static final int ID = 0;
    static final int LSN = ID + 8;
    static final int NAME = LSN + 8;
    static final int HEAD = 0;
    static final int EARLIEST = HEAD + 8;
    static final int CAP_FLOOR = EARLIEST + 8;
    static final int TTL_FLOOR = CAP_FLOOR + 8;
    static final int RESTART_FLOOR = TTL_FLOOR + 8;
    static final int RESERVATION = RESTART_FLOOR + 8;
    static final int LAST_TS = RESERVATION + 8;
    static final int LAST_WRITE_TS = LAST_TS + 8;
    static final int COUNT = LAST_WRITE_TS + 8;
    static final int BYTES = COUNT + 8;
    static final int WATERMARKS_SIZE = BYTES + 8;
    static final int LOSSES = WATERMARKS_SIZE;

    private TopicSection() {
    }

    /**
     * Opens a topic section in a body being built and writes its identity and configuration.
     *
     * @param w the body
     * @param id topic id
     * @param lsn the last lsn the snapshot holds
     * @param name topic name
     * @param config its configuration
     * @return a writer for the rest; call {@link Writer#end()} last
     */
    public static Writer begin(SnapshotSections.Writer w, long id, long lsn, String name, TopicConfig config) {
        w.beginSection(SnapshotBody.TOPIC, VERSION, SnapshotSections.REQUIRED);
        byte[] n = ShortString.encode(name, StandardCharsets.US_ASCII);
        int at = w.claim(NAME + ShortString.size(n) + ConfigCodec.size(config) + WATERMARKS_SIZE);
        ByteBuffer b = w.buffer();
        b.putLong(at + ID, id).putLong(at + LSN, lsn);
        int wm = ConfigCodec.write(b, ShortString.put(b, at + NAME, n), config);
        return new Writer(w, wm);
    }

    /** Writes the fields after the configuration: watermarks by setter, then losses, then segments. */
    public static final class Writer {
        private final SnapshotSections.Writer w;
        private final int wm;
        private boolean lossesClaimed;

        Writer(SnapshotSections.Writer w, int wm) {
            this.w = w;
            this.wm = wm;
        }

        private Writer put(int field, long v) {
            w.buffer().putLong(wm + field, v);
            return this;
        }

        /**
         * @param v head
         * @return this
         */
        public Writer head(long v) {
            return put(HEAD, v);
        }

        /**
         * @param v earliest live seq
         * @return this
         */
        public Writer earliest(long v) {
            return put(EARLIEST, v);
        }

        /**
         * @param v cap floor
         * @return this
         */
        public Writer capFloor(long v) {
            return put(CAP_FLOOR, v);
        }

        /**
         * @param v TTL floor
         * @return this
         */
        public Writer ttlFloor(long v) {
            return put(TTL_FLOOR, v);
        }

        /**
         * @param v restart floor
         * @return this
         */
        public Writer restartFloor(long v) {
            return put(RESTART_FLOOR, v);
        }

        /**
         * @param v the durable seq reservation, -1 for none
         * @return this
         */
        public Writer reservation(long v) {
            return put(RESERVATION, v);
        }

        /**
         * @param v last ts
         * @return this
         */
        public Writer lastTs(long v) {
            return put(LAST_TS, v);
        }

        /**
         * @param v last write ts, Long.MIN_VALUE for none
         * @return this
         */
        public Writer lastWriteTs(long v) {
            return put(LAST_WRITE_TS, v);
        }

        /**
         * @param v live count
         * @return this
         */
        public Writer count(long v) {
            return put(COUNT, v);
        }

        /**
         * @param v live accounted bytes
         * @return this
         */
        public Writer bytes(long v) {
            return put(BYTES, v);
        }

        /**
         * @param n how many loss ranges follow, right after the watermarks
         * @return their writer
         */
        public LossList.Writer losses(int n) {
            if (lossesClaimed || w.buffer().position() != wm + LOSSES) {
                throw new IllegalStateException("the loss ranges follow the watermarks, once");
            }
            lossesClaimed = true;
            return new LossList.Writer(w, n);
        }

        /**
         * @param n how many segments follow (after the loss ranges)
         * @return their writer
         */
        public SegmentList.Writer segments(int n) {
            if (!lossesClaimed) {
                throw new IllegalStateException("the segment list follows the loss ranges");
            }
            return new SegmentList.Writer(w, n);
        }

        /** Closes the section. */
        public void end() {
            w.endSection();
        }
    }

    /** Reads one topic's content. */
    public static final class Reader {
        private final ByteBuffer b;
        private final int at;
        private final int config;
        private final int wm;
        private final int segments;

        /**
         * @param b the buffer
         * @param at where the content starts
         * @throws IndexOutOfBoundsException if its lengths overrun the buffer
         */
        public Reader(ByteBuffer b, int at) {
            this.b = b;
            this.at = at;
            config = at + NAME + ShortString.size(b, at + NAME);
            wm = config + ConfigCodec.size(b, config);
            segments = LossList.end(b, wm + LOSSES);
        }

        /** @return offset just after the content */
        public int end() {
            return SegmentList.end(b, segments);
        }

        /** @return topic id */
        public long id() {
            return b.getLong(at + ID);
        }

        /** @return the last lsn the snapshot holds */
        public long lsn() {
            return b.getLong(at + LSN);
        }

        /** @return topic name */
        public String name() {
            return ShortString.read(b, at + NAME, StandardCharsets.US_ASCII);
        }

        /** @return configuration @throws CorruptionException for an unknown enum code */
        public TopicConfig config() throws CorruptionException {
            return ConfigCodec.read(b, config);
        }

        /** @return head */
        public long head() {
            return b.getLong(wm + HEAD);
        }

        /** @return earliest live seq */
        public long earliest() {
            return b.getLong(wm + EARLIEST);
        }

        /** @return cap floor */
        public long capFloor() {
            return b.getLong(wm + CAP_FLOOR);
        }

        /** @return TTL floor */
        public long ttlFloor() {
            return b.getLong(wm + TTL_FLOOR);
        }

        /** @return restart floor */
        public long restartFloor() {
            return b.getLong(wm + RESTART_FLOOR);
        }

        /** @return reservation, -1 for none */
        public long reservation() {
            return b.getLong(wm + RESERVATION);
        }

        /** @return last ts */
        public long lastTs() {
            return b.getLong(wm + LAST_TS);
        }

        /** @return last write ts, Long.MIN_VALUE for none */
        public long lastWriteTs() {
            return b.getLong(wm + LAST_WRITE_TS);
        }

        /** @return live count */
        public long count() {
            return b.getLong(wm + COUNT);
        }

        /** @return live accounted bytes */
        public long bytes() {
            return b.getLong(wm + BYTES);
        }

        /** @return the loss ranges */
        public LossList.Reader losses() {
            return new LossList.Reader(b, wm + LOSSES);
        }

        /** @return a cursor over the segments */
        public SegmentList.Reader segments() {
            return new SegmentList.Reader(b, segments);
        }
    }
}
