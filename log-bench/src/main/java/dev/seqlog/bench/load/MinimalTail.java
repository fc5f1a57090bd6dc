package dev.seqlog.bench.load;

import org.HdrHistogram.Histogram;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * W4 over SSE with the cheapest client that can measure it, to separate the server's delivery latency from
 * the load generator's own cost: each watcher is a thread on a plain socket that scans the stream's bytes for
 * {@code "$seq":}, {@code "i":} and {@code "t":} without parsing JSON, and four sender threads write one record
 * per millisecond with hand-written requests. It checks that every watcher received every index exactly once
 * and seqs in ascending order, and reports
 * write-to-delivery percentiles over the records after the first fifth (the warm-up).
 *
 * <p>Usage: {@code MinimalTail PORT WATCHERS RECORDS}. The topic {@code minimal-tail} is created if missing.
 * Loopback only. Each watcher thread owns its socket; the histogram is merged after they finish.
 */
public final class MinimalTail {
    private static final String TOPIC = "minimal-tail";

    private MinimalTail() {
    }

    /**
     * Runs one measurement.
     *
     * @param args port, watchers, records
     * @throws Exception on any failure, which ends the run
     */
    public static void main(String[] args) throws Exception {
        int[] a = MinimalRun.parse(args, "usage: MinimalTail PORT WATCHERS RECORDS");
        int port = a[0];
        int watchers = a[1];
        int records = a[2];
        request(port, "PUT", "/v0/topics/" + TOPIC, "{}");
        List<Watcher> ws = new ArrayList<>();
        CountDownLatch streaming = new CountDownLatch(watchers);
        for (int i = 0; i < watchers; i++) {
            String created = request(port, "POST", "/v0/watch", "{\"topics\":{\"" + TOPIC + "\":{\"tail\":true}},\"limit\":1000}");
            int at = created.indexOf("\"wid\":\"") + 7;
            Watcher w = new Watcher(port, created.substring(at, created.indexOf('"', at)), records, streaming);
            ws.add(w);
            w.start();
        }
        if (!streaming.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("watch streams did not open within 60 s");
        }
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        MinimalRun.runSenders("minimal-tail-sender-", first -> send(port, first, records, start));
        Histogram h = MinimalRun.histogram();
        long complete = 0;
        for (Watcher w : ws) {
            w.join(TimeUnit.SECONDS.toMillis(30));
            if (w.seen.cardinality() == records && w.received == records && w.ordered) {
                complete++;
            }
            h.add(w.latency);
        }
        MinimalRun.report(String.format("MinimalTail: %d SSE watchers, %,d records at 1 per ms", watchers, records),
                h, complete, watchers);
    }

    /** Writes records {@code first}, {@code first + SENDERS}, ... each at its due millisecond. */
    private static void send(int port, int first, int records, long start) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            for (int i = first; i < records; i += MinimalRun.SENDERS) {
                MinimalRun.waitUntil(MinimalRun.due(start, i));
                String body = "{\"records\":[{\"data\":{\"i\":" + i + ",\"t\":" + System.nanoTime() + "}}]}";
                out.write(head("POST", "/v0/topics/" + TOPIC, body.length(), false).append(body).toString()
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                readResponse(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("sender failed", e);
        }
    }

    /** One watcher: opens the stream, then scans every byte for the two numbers each record carries. */
    private static final class Watcher extends Thread {
        private static final byte[] T = "\"t\":".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] I = "\"i\":".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] SEQ = "\"$seq\":".getBytes(StandardCharsets.US_ASCII);
        private final int port;
        private final String wid;
        private final int records;
        private final CountDownLatch streaming;
        final Histogram latency = MinimalRun.histogram();
        final java.util.BitSet seen = new java.util.BitSet();
        int received;
        boolean ordered = true;

        Watcher(int port, String wid, int records, CountDownLatch streaming) {
            super("minimal-tail-watcher");
            setDaemon(true);
            this.port = port;
            this.wid = wid;
            this.records = records;
            this.streaming = streaming;
        }

        @Override
        public void run() {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(head("GET", "/v0/watch/" + wid, -1, false).toString()
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
                streaming.countDown();
                int mi = 0;
                int mt = 0;
                int ms = 0;
                long index = -1;
                long lastSeq = -1;
                while (received < records) {
                    int c = in.read();
                    if (c < 0) {
                        return;
                    }
                    mi = c == I[mi] ? mi + 1 : c == I[0] ? 1 : 0;
                    mt = c == T[mt] ? mt + 1 : c == T[0] ? 1 : 0;
                    ms = c == SEQ[ms] ? ms + 1 : c == SEQ[0] ? 1 : 0;
                    if (ms == SEQ.length) {
                        ms = 0;
                        long seq = number(in);
                        ordered &= seq > lastSeq;
                        lastSeq = seq;
                    } else if (mi == I.length) {
                        mi = 0;
                        index = number(in);
                    } else if (mt == T.length) {
                        mt = 0;
                        long sent = number(in);
                        long now = System.nanoTime();
                        if (index < 0 || index >= records || seen.get((int) index)) {
                            ordered = false;
                        } else {
                            seen.set((int) index);
                        }
                        if (index >= records / 5) {
                            latency.recordValue(Math.max(0, now - sent));
                        }
                        received++;
                    }
                }
            } catch (IOException e) {
                ordered = false;
            }
        }

        /** Reads a decimal number and the byte after it (a comma or brace, which no pattern starts with). */
        private static long number(InputStream in) throws IOException {
            long v = 0;
            for (int c = in.read(); c >= '0' && c <= '9'; c = in.read()) {
                v = v * 10 + (c - '0');
            }
            return v;
        }
    }

    private static StringBuilder head(String method, String path, int length, boolean close) {
        StringBuilder b = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (length >= 0) {
            b.append("Content-Type: application/json\r\nContent-Length: ").append(length).append("\r\n");
        }
        if (close) {
            b.append("Connection: close\r\n");
        }
        return b.append("\r\n");
    }

    /** A whole request on its own connection, returning the response body. */
    private static String request(int port, String method, String path, String body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(head(method, path, body.length(), true).append(body).toString()
                    .getBytes(StandardCharsets.US_ASCII));
            return readResponse(new BufferedInputStream(s.getInputStream()));
        }
    }

    private static String readResponse(InputStream in) throws IOException {
        int length = 0;
        for (String line = MinimalRun.line(in); !line.isEmpty(); line = MinimalRun.line(in)) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
