package dev.seqlog.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;

/**
 * Incremental decoder of one HTTP/1.1 response read from a non-blocking socket: the status line and headers,
 * then a body framed by {@code Transfer-Encoding: chunked}, by {@code Content-Length}, or by the connection's
 * close (an endless event stream may come either chunked or raw). Interim 1xx responses are skipped. Bytes may
 * arrive split anywhere; the body is handed on as it arrives, without copying. Confined to the feeding thread.
 */
final class HttpResponseStream {
    /** Status line plus headers, and any chunk-size or trailer line, may not grow past this. */
    private static final int MAX_LINE = 64 * 1024;

    /** Receives the decoded response; called on the feeding thread. */
    interface Listener {
        /**
         * The status line and headers are complete.
         *
         * @param status the status code
         * @param contentType the {@code Content-Type} header, or "" if absent
         * @throws IOException to stop decoding; {@link #feed} rethrows it
         */
        void head(int status, String contentType) throws IOException;

        /**
         * The next body bytes, de-chunked.
         *
         * @param b the buffer, valid only during the call
         * @param off offset
         * @param len length
         * @throws IOException to stop decoding; {@link #feed} rethrows it
         */
        void body(byte[] b, int off, int len) throws IOException;

        /**
         * The body ended: the last chunk, the declared length, or the connection's close.
         *
         * @throws IOException to stop decoding; {@link #feed} or {@link #eof} rethrows it
         */
        void end() throws IOException;
    }

    private enum State { STATUS, HEADERS, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, LENGTH, UNTIL_CLOSE, DONE }

    private final Listener listener;
    private final StringBuilder line = new StringBuilder(128);
    private State state = State.STATUS;
    private int status;
    private String contentType = "";
    private boolean chunked;
    private long contentLength = -1;
    private long remaining;

    /**
     * @param listener receives the head and body
     */
    HttpResponseStream(Listener listener) {
        this.listener = listener;
    }

    /** @return the status code once the head is complete, else 0 */
    int status() {
        return state == State.STATUS || state == State.HEADERS ? 0 : status;
    }

    /**
     * Decodes the next bytes of the response.
     *
     * @param b the bytes
     * @param off offset
     * @param len length
     * @throws IOException on a malformed response, or if the listener threw it
     */
    void feed(byte[] b, int off, int len) throws IOException {
        int i = off;
        int end = off + len;
        while (i < end) {
            switch (state) {
                case STATUS, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                    int next = takeLine(b, i, end);
                    if (next < 0) {
                        return;
                    }
                    i = next;
                    line(line.toString());
                    line.setLength(0);
                }
                case CHUNK_DATA, LENGTH -> {
                    int n = (int) Math.min(remaining, end - i);
                    listener.body(b, i, n);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        if (state == State.LENGTH) {
                            finish();
                        } else {
                            state = State.CHUNK_END;
                        }
                    }
                }
                case UNTIL_CLOSE -> {
                    listener.body(b, i, end - i);
                    return;
                }
                case DONE -> {
                    return; // nothing was asked for after this response
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /**
     * The connection reached end of stream.
     *
     * @throws IOException if the response was not complete; or, for a body framed by the close, if the
     *         listener's {@link Listener#end} threw it
     */
    void eof() throws IOException {
        switch (state) {
            case UNTIL_CLOSE -> finish();
            case DONE -> {
            }
            default -> throw new EOFException("connection closed "
                    + (state == State.STATUS && line.length() == 0 ? "before a response" : "inside the response"));
        }
    }

    /** Appends bytes up to and including LF to {@link #line}; returns the index after the LF, or -1. */
    private int takeLine(byte[] b, int i, int end) throws IOException {
        int j = i;
        while (j < end && b[j] != '\n') {
            j++;
        }
        if (line.length() + (j - i) > MAX_LINE) {
            throw new IOException("response line longer than " + MAX_LINE + " bytes");
        }
        for (int k = i; k < j; k++) {
            line.append((char) (b[k] & 0xff));
        }
        if (j == end) {
            return -1;
        }
        int l = line.length();
        if (l > 0 && line.charAt(l - 1) == '\r') {
            line.setLength(l - 1);
        }
        return j + 1;
    }

    private void line(String l) throws IOException {
        switch (state) {
            case STATUS -> {
                if (l.length() < 12 || !l.startsWith("HTTP/1.") || l.charAt(8) != ' ') {
                    throw new IOException("bad status line: " + l);
                }
                try {
                    status = Integer.parseInt(l.substring(9, 12));
                } catch (NumberFormatException e) {
                    throw new IOException("bad status line: " + l, e);
                }
                state = State.HEADERS;
            }
            case HEADERS -> {
                if (l.isEmpty()) {
                    endOfHead();
                    return;
                }
                int colon = l.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("bad header line: " + l);
                }
                String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = l.substring(colon + 1).trim();
                switch (name) {
                    case "content-type" -> contentType = value;
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "content-length" -> {
                        try {
                            contentLength = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            throw new IOException("bad Content-Length: " + value, e);
                        }
                    }
                    default -> {
                    }
                }
            }
            case CHUNK_SIZE -> {
                int semi = l.indexOf(';');
                String hex = (semi < 0 ? l : l.substring(0, semi)).trim();
                long size;
                try {
                    size = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size line: " + l, e);
                }
                if (size < 0) {
                    throw new IOException("bad chunk size line: " + l);
                }
                if (size == 0) {
                    state = State.TRAILERS;
                } else {
                    remaining = size;
                    state = State.CHUNK_DATA;
                }
            }
            case CHUNK_END -> {
                if (!l.isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (l.isEmpty()) {
                    finish();
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void endOfHead() throws IOException {
        if (status >= 100 && status < 200) {
            state = State.STATUS; // an interim response; the real one follows
            contentType = "";
            chunked = false;
            contentLength = -1;
            return;
        }
        if (status == 204 || status == 304) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            state = State.LENGTH;
            remaining = contentLength;
        } else {
            state = State.UNTIL_CLOSE;
        }
        listener.head(status, contentType);
        if (state == State.DONE || (state == State.LENGTH && remaining == 0)) {
            finish();
        }
    }

    private void finish() throws IOException {
        state = State.DONE;
        listener.end();
    }
}
