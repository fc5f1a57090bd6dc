package dev.seqlog.client;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental parser of a Server-Sent Events stream (API §8.3, §8.5): bytes go in as they arrive, in chunks
 * that may split lines anywhere, and each event comes out once the blank line that ends it has been read.
 * Lines end with LF, CR or CRLF; comment lines (the heartbeats) are skipped; {@code retry:} is remembered.
 * Confined to one thread at a time.
 */
final class SseParser {
    /**
     * One event.
     *
     * @param event the {@code event:} name, {@code message} when none was given
     * @param data the {@code data:} lines joined by LF
     * @param id the event's own {@code id:}, or null when it had none
     */
    record Frame(String event, byte[] data, String id) {
    }

    /** Receives events as they complete. */
    @FunctionalInterface
    interface Listener {
        /** @param f a complete event */
        void frame(Frame f);
    }

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean afterCr;
    private String event;
    private String id;
    private ByteArrayOutputStream data;
    private long retryMs = -1;

    /** @return the last {@code retry:} value in ms, or -1 if none was sent */
    long retryMs() {
        return retryMs;
    }

    /**
     * Consumes a chunk.
     *
     * @param chunk the bytes; consumed entirely
     * @param listener receives each event completed by this chunk
     */
    void feed(ByteBuffer chunk, Listener listener) {
        while (chunk.hasRemaining()) {
            byte c = chunk.get();
            if (afterCr) {
                afterCr = false;
                if (c == '\n') {
                    continue; // the LF of a CRLF
                }
            }
            if (c == '\n' || c == '\r') {
                afterCr = c == '\r';
                line(listener);
                lineLength = 0;
            } else {
                if (lineLength == line.length) {
                    line = Arrays.copyOf(line, line.length * 2);
                }
                line[lineLength++] = c;
            }
        }
    }

    private void line(Listener listener) {
        if (lineLength == 0) {
            if (data != null) {
                listener.frame(new Frame(event == null ? "message" : event, data.toByteArray(), id));
            }
            event = null;
            id = null;
            data = null;
            return;
        }
        if (line[0] == ':') {
            return; // a comment: the heartbeat
        }
        int colon = 0;
        while (colon < lineLength && line[colon] != ':') {
            colon++;
        }
        String field = new String(line, 0, colon, StandardCharsets.UTF_8);
        int valueStart = Math.min(lineLength, colon + 1);
        if (valueStart < lineLength && line[valueStart] == ' ') {
            valueStart++;
        }
        switch (field) {
            case "event" -> event = text(valueStart);
            case "id" -> id = text(valueStart);
            case "data" -> {
                if (data == null) {
                    data = new ByteArrayOutputStream(Math.max(16, lineLength - valueStart));
                } else {
                    data.write('\n');
                }
                data.write(line, valueStart, lineLength - valueStart);
            }
            case "retry" -> {
                try {
                    retryMs = Long.parseLong(text(valueStart));
                } catch (NumberFormatException ignored) {
                    // SSE says to ignore a retry that is not all digits
                }
            }
            default -> {
                // unknown fields are ignored by every SSE reader
            }
        }
    }

    private String text(int from) {
        return new String(line, from, lineLength - from, StandardCharsets.UTF_8);
    }
}
