package dev.seqlog.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test client of an SSE stream over a plain socket: sends the GET, reads the status and headers, then
 * decodes the chunked body on a reader thread into frames. Thread-safe.
 */
final class SseClient implements AutoCloseable {
    /** One SSE frame: a comment (heartbeat) has only {@code comment}. */
    record Frame(String id, String event, String data, String comment, String retry) {
        Object json() {
            return JsonValue.parse(data);
        }

        Object at(String path) {
            return JsonValue.at(json(), path);
        }

        /** @return the decoded composite cursor of {@code id} */
        Map<String, Long> cursors() {
            Object o = JsonValue.parse(new String(Base64.getUrlDecoder().decode(id), StandardCharsets.UTF_8));
            Map<String, Long> out = new LinkedHashMap<>();
            ((Map<?, ?>) o).forEach((k, v) -> out.put((String) k, ((Number) v).longValue()));
            return out;
        }
    }

    final Socket socket;
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    final String errorBody;
    private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private volatile boolean ended;
    private Thread reader;

    private SseClient(Socket socket, int status, String errorBody) {
        this.socket = socket;
        this.status = status;
        this.errorBody = errorBody;
    }

    /** Opens {@code path} with the given extra header lines ("Name: value"). */
    static SseClient open(int port, String path, String... headerLines) {
        return open(port, 0, path, headerLines);
    }

    static SseClient open(int port, int receiveBuffer, String path, String... headerLines) {
        return open(port, receiveBuffer, true, path, headerLines);
    }

    /** Opens a stream and reads only its status and headers: a client that stops reading. */
    static SseClient openWithoutReading(int port, int receiveBuffer, String path) {
        return open(port, receiveBuffer, false, path);
    }

    private static SseClient open(int port, int receiveBuffer, boolean read, String path, String... headerLines) {
        try {
            Socket s = new Socket();
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(30_000);
            StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            for (String h : headerLines) {
                req.append(h).append("\r\n");
            }
            s.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = line(in); !l.isEmpty(); l = line(in)) {
                int c = l.indexOf(':');
                headers.put(l.substring(0, c).trim().toLowerCase(), l.substring(c + 1).trim());
            }
            String body = null;
            if (status != 200) {
                int len = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                body = new String(in.readNBytes(len), StandardCharsets.UTF_8);
            }
            SseClient c = new SseClient(s, status, body);
            c.headers.putAll(headers);
            if (status == 200 && read) {
                c.startReading(in);
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startReading(InputStream in) {
        reader = new Thread(() -> {
            try {
                ByteArrayOutputStream pending = new ByteArrayOutputStream();
                while (true) {
                    int size = Integer.parseInt(line(in).trim(), 16);
                    if (size == 0) {
                        break;
                    }
                    pending.write(in.readNBytes(size));
                    line(in);
                    String text = pending.toString(StandardCharsets.UTF_8);
                    int consumed = 0;
                    int end;
                    while ((end = text.indexOf("\n\n", consumed)) >= 0) {
                        frames.add(parse(text.substring(consumed, end)));
                        consumed = end + 2;
                    }
                    byte[] rest = text.substring(consumed).getBytes(StandardCharsets.UTF_8);
                    pending.reset();
                    pending.write(rest);
                }
            } catch (IOException | RuntimeException e) {
                // closed
            } finally {
                ended = true;
            }
        }, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private static Frame parse(String block) {
        String id = null;
        String event = null;
        String data = null;
        String comment = null;
        String retry = null;
        for (String l : block.split("\n")) {
            if (l.startsWith(":")) {
                comment = l.substring(1).trim();
            } else if (l.startsWith("id: ")) {
                id = l.substring(4);
            } else if (l.startsWith("event: ")) {
                event = l.substring(7);
            } else if (l.startsWith("data: ")) {
                data = l.substring(6);
            } else if (l.startsWith("retry: ")) {
                retry = l.substring(7);
            }
        }
        return new Frame(id, event, data, comment, retry);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        if (c < 0 && b.length() == 0) {
            throw new IOException("end of stream");
        }
        return b.toString();
    }

    /** The next frame that is not a comment, within 10 s. */
    Frame next() {
        return next(Duration.ofSeconds(10), false);
    }

    /** The next frame, comments included if asked. */
    Frame next(Duration within, boolean comments) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (true) {
                Frame f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (f == null) {
                    throw new AssertionError("no frame within " + within + (ended ? " (stream ended)" : ""));
                }
                if (comments || f.comment() == null && f.retry() == null) {
                    return f;
                }
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Frames received so far and not taken, comments included. */
    List<Frame> drain() {
        List<Frame> out = new ArrayList<>();
        frames.drainTo(out);
        return out;
    }

    /** Whether the server ended the stream (the terminating chunk, or the connection closed). */
    boolean ended() {
        return ended;
    }

    void awaitEnd() {
        try {
            reader.join(15_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        if (!ended) {
            throw new AssertionError("the stream did not end");
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
