package dev.seqlog.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental parser of a {@code text/event-stream} body, after the WHATWG "interpreting an event stream"
 * rules: lines end in CRLF, LF or CR (a CR at the end of one read and an LF at the start of the next are
 * one line end); a leading BOM is dropped; {@code field: value} loses one space after the colon; a line
 * that starts with a colon is a comment; a blank line dispatches the event if it has data. Bytes may
 * arrive split anywhere. Confined to the thread that feeds it.
 */
final class SseParser {
    /** A line, and so a frame, may not grow past this: far above the server's 8 MiB batch clamp. */
    private static final int MAX_LINE = 64 << 20;
    private static final String[] KNOWN_TYPES = {"record", "caught-up", "tombstone", "topic-deleted", "error",
        "message"};
    private static final byte[][] KNOWN_TYPE_BYTES = new byte[KNOWN_TYPES.length][];

    static {
        for (int k = 0; k < KNOWN_TYPES.length; k++) {
            KNOWN_TYPE_BYTES[k] = KNOWN_TYPES[k].getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Receives what the parser finds; called on the feeding thread. */
    interface Listener {
        /**
         * @param e the dispatched event; reused, valid only during the call
         * @throws IOException to stop parsing; {@link #feed} rethrows it
         */
        void event(Event e) throws IOException;

        /**
         * @param b holds the comment text after the colon (a leading space is kept)
         * @param off its offset
         * @param len its length
         * @throws IOException to stop parsing; {@link #feed} rethrows it
         */
        void comment(byte[] b, int off, int len) throws IOException;
    }

    /** The event being dispatched: type, data and the stream's last event id. Reused between events. */
    static final class Event {
        private final Buf type = new Buf(16);
        private final Buf data = new Buf(256);
        private final Buf id = new Buf(64);
        private String typeString;
        private String idString;
        private long retryMs = -1;

        /** @return the {@code event:} field, {@code message} when there was none; known names are constants */
        String type() {
            if (typeString == null) {
                typeString = type.len == 0 ? "message" : known(type);
            }
            return typeString;
        }

        /** @return the buffer holding the data lines, joined by LF; see {@link #dataLength()} */
        byte[] data() {
            return data.b;
        }

        int dataLength() {
            return data.len;
        }

        String dataText() {
            return new String(data.b, 0, data.len, StandardCharsets.UTF_8);
        }

        /** @return the last {@code id:} seen on the stream so far (ids persist between events), or "" */
        String lastEventId() {
            if (idString == null) {
                idString = new String(id.b, 0, id.len, StandardCharsets.UTF_8);
            }
            return idString;
        }

        /** @return the last {@code retry:} value seen on the stream, or -1 */
        long retryMs() {
            return retryMs;
        }

        private static String known(Buf t) {
            for (int k = 0; k < KNOWN_TYPE_BYTES.length; k++) {
                if (Arrays.equals(KNOWN_TYPE_BYTES[k], 0, KNOWN_TYPE_BYTES[k].length, t.b, 0, t.len)) {
                    return KNOWN_TYPES[k];
                }
            }
            return new String(t.b, 0, t.len, StandardCharsets.UTF_8);
        }
    }

    private final Listener listener;
    private final Event event = new Event();
    private final Buf line = new Buf(256);
    /** Whether {@link #event}'s data holds at least one data line (it may be empty: {@code data:} alone). */
    private boolean hasData;
    /** The previous read ended in CR: an LF that starts the next one belongs to that line end. */
    private boolean skipLf;
    private boolean firstLine = true;

    /**
     * @param listener receives events and comments
     */
    SseParser(Listener listener) {
        this.listener = listener;
    }

    /**
     * Parses the next bytes of the stream.
     *
     * @param b the bytes
     * @param off their offset
     * @param len their length
     * @throws IOException if a line is longer than the parser accepts, or if the listener threw it
     */
    void feed(byte[] b, int off, int len) throws IOException {
        int i = off;
        int end = off + len;
        if (skipLf && i < end) {
            skipLf = false;
            if (b[i] == '\n') {
                i++;
            }
        }
        while (i < end) {
            int j = i;
            while (j < end && b[j] != '\n' && b[j] != '\r') {
                j++;
            }
            if (j == end) {
                if (line.len + (end - i) > MAX_LINE) {
                    throw new IOException("event-stream line longer than " + MAX_LINE + " bytes");
                }
                line.append(b, i, end - i);
                return;
            }
            if (line.len > 0) {
                line.append(b, i, j - i);
                processLine(line.b, 0, line.len);
                line.len = 0;
            } else {
                processLine(b, i, j - i);
            }
            if (b[j] == '\r') {
                if (j + 1 < end) {
                    if (b[j + 1] == '\n') {
                        j++;
                    }
                } else {
                    skipLf = true;
                }
            }
            i = j + 1;
        }
    }

    private void processLine(byte[] b, int off, int len) throws IOException {
        if (firstLine) {
            firstLine = false;
            if (len >= 3 && b[off] == (byte) 0xEF && b[off + 1] == (byte) 0xBB && b[off + 2] == (byte) 0xBF) {
                off += 3;
                len -= 3;
            }
        }
        if (len == 0) {
            dispatch();
            return;
        }
        if (b[off] == ':') {
            listener.comment(b, off + 1, len - 1);
            return;
        }
        int colon = off;
        int end = off + len;
        while (colon < end && b[colon] != ':') {
            colon++;
        }
        int nameLen = colon - off;
        int v = Math.min(colon + 1, end);
        if (v < end && b[v] == ' ') {
            v++;
        }
        int vLen = end - v;
        if (is(b, off, nameLen, "data")) {
            if (hasData) {
                event.data.append((byte) '\n');
            }
            event.data.append(b, v, vLen);
            hasData = true;
        } else if (is(b, off, nameLen, "event")) {
            event.type.len = 0;
            event.type.append(b, v, vLen);
            event.typeString = null;
        } else if (is(b, off, nameLen, "id")) {
            for (int k = v; k < end; k++) {
                if (b[k] == 0) {
                    return; // an id with NUL is ignored
                }
            }
            event.id.len = 0;
            event.id.append(b, v, vLen);
            event.idString = null;
        } else if (is(b, off, nameLen, "retry")) {
            long ms = 0;
            for (int k = v; k < end; k++) {
                if (b[k] < '0' || b[k] > '9' || ms > Long.MAX_VALUE / 10 - 10) {
                    return; // only a plain decimal integer counts
                }
                ms = ms * 10 + (b[k] - '0');
            }
            if (vLen > 0) {
                event.retryMs = ms;
            }
        }
        // Any other field is ignored, as the spec says.
    }

    private void dispatch() throws IOException {
        try {
            if (hasData) {
                listener.event(event);
            }
        } finally {
            hasData = false;
            event.data.len = 0;
            event.type.len = 0;
            event.typeString = null;
        }
    }

    private static boolean is(byte[] b, int off, int len, String name) {
        if (len != name.length()) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (b[off + k] != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** A growable byte run. */
    private static final class Buf {
        byte[] b;
        int len;

        Buf(int capacity) {
            b = new byte[capacity];
        }

        void append(byte[] src, int off, int n) {
            ensure(n);
            System.arraycopy(src, off, b, len, n);
            len += n;
        }

        void append(byte x) {
            ensure(1);
            b[len++] = x;
        }

        private void ensure(int more) {
            if (len + more > b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, len + more));
            }
        }
    }
}
