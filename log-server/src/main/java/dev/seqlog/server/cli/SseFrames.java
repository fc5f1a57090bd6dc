package dev.seqlog.server.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The events of a server-sent-events stream (API §8.3, §8.5), one at a time: {@code event:} and
 * {@code data:} fields gathered up to the blank line that ends a frame; comments (heartbeats) and
 * {@code retry:} are skipped. Confined to one thread.
 */
final class SseFrames {
    /** One event: its type ({@code message} when unnamed), data (lines joined by LF) and id, if any. */
    record Frame(String event, byte[] data, String id) {
    }

    private final LineReader lines;

    SseFrames(InputStream in) {
        this.lines = new LineReader(new BufferedInputStream(in));
    }

    /** @return the next event, or null when the stream ends */
    Frame next() throws IOException {
        String event = null;
        String id = null;
        ByteArrayOutputStream data = null;
        byte[] line;
        while ((line = lines.next()) != null) {
            if (line.length == 0) {
                if (data != null) {
                    return new Frame(event == null ? "message" : event, data.toByteArray(), id);
                }
                event = null;
                id = null;
                continue;
            }
            if (line[0] == ':') {
                continue;
            }
            String s = new String(line, java.nio.charset.StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            String field = colon < 0 ? s : s.substring(0, colon);
            String value = colon < 0 ? "" : s.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "id" -> id = value;
                case "data" -> {
                    if (data == null) {
                        data = new ByteArrayOutputStream();
                    } else {
                        data.write('\n');
                    }
                    data.writeBytes(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                default -> {
                    // retry and unknown fields change nothing for a command-line reader
                }
            }
        }
        return null;
    }
}
