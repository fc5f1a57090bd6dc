package dev.seqlog.bench.redis;

import dev.seqlog.bench.load.MinimalRun;
import org.HdrHistogram.Histogram;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Redis twin of {@link dev.seqlog.bench.load.MinimalTail}: the same schedule (four sender threads, one
 * {@code XADD} per millisecond) and one thread per reader looping on {@code XREAD BLOCK 1000 STREAMS key <last id>}
 * over a plain socket, with a RESP reader that keeps bulk strings as bytes and scans each entry's payload for
 * {@code "i":} and {@code "t":}. Same checks and percentiles as the SSE probe.
 *
 * <p>Usage: {@code MinimalRedisTail PORT READERS RECORDS}. Uses the stream {@code minimal-tail}, deleted first.
 */
public final class MinimalRedisTail {
    private static final String KEY = "minimal-tail";

    private MinimalRedisTail() {
    }

    /**
     * Runs one measurement.
     *
     * @param args port, readers, records
     * @throws Exception on any failure, which ends the run
     */
    public static void main(String[] args) throws Exception {
        int[] a = MinimalRun.parse(args, "usage: MinimalRedisTail PORT READERS RECORDS");
        int port = a[0];
        int readers = a[1];
        int records = a[2];
        try (Socket s = new Socket("127.0.0.1", port)) {
            command(s.getOutputStream(), "DEL", KEY);
            Resp.read(new BufferedInputStream(s.getInputStream()), b -> { });
        }
        List<Reader> rs = new ArrayList<>();
        CountDownLatch connected = new CountDownLatch(readers);
        for (int i = 0; i < readers; i++) {
            Reader r = new Reader(port, records, connected);
            rs.add(r);
            r.start();
        }
        connected.await();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        MinimalRun.runSenders("minimal-redis-sender-", first -> send(port, first, records, start));
        Histogram h = MinimalRun.histogram();
        long complete = 0;
        for (Reader r : rs) {
            r.join(TimeUnit.SECONDS.toMillis(30));
            if (r.seen.cardinality() == records && r.ok) {
                complete++;
            }
            h.add(r.latency);
        }
        MinimalRun.report(String.format("MinimalRedisTail: %d XREAD BLOCK readers, %,d entries at 1 per ms", readers,
                records), h, complete, readers);
    }

    private static void send(int port, int first, int records, long start) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            for (int i = first; i < records; i += MinimalRun.SENDERS) {
                MinimalRun.waitUntil(MinimalRun.due(start, i));
                command(out, "XADD", KEY, "*", "d", "{\"i\":" + i + ",\"t\":" + System.nanoTime() + "}");
                Resp.read(in, b -> { });
            }
        } catch (IOException e) {
            throw new IllegalStateException("sender failed", e);
        }
    }

    private static void command(OutputStream out, String... parts) throws IOException {
        StringBuilder b = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String p : parts) {
            byte[] bytes = p.getBytes(StandardCharsets.UTF_8);
            b.append('$').append(bytes.length).append("\r\n").append(p).append("\r\n");
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One reader: XREAD BLOCK from the last id it saw, scanning payloads as they arrive. */
    private static final class Reader extends Thread {
        private final int port;
        private final int records;
        private final CountDownLatch connected;
        final Histogram latency = MinimalRun.histogram();
        final BitSet seen = new BitSet();
        boolean ok = true;
        private String lastId = "0-0";

        Reader(int port, int records, CountDownLatch connected) {
            super("minimal-redis-reader");
            setDaemon(true);
            this.port = port;
            this.records = records;
            this.connected = connected;
        }

        @Override
        public void run() {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setTcpNoDelay(true);
                OutputStream out = s.getOutputStream();
                InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
                connected.countDown();
                while (seen.cardinality() < records) {
                    command(out, "XREAD", "COUNT", "1000", "BLOCK", "1000", "STREAMS", KEY, lastId);
                    Resp.read(in, this::bulk);
                }
            } catch (IOException e) {
                ok = false;
            }
        }

        /** A bulk string of the reply: an entry id, a field name, or a payload. */
        private void bulk(byte[] b) {
            if (b.length > 0 && b[0] == '{') {
                long now = System.nanoTime();
                long i = after(b, "\"i\":");
                long t = after(b, "\"t\":");
                if (i < 0 || i >= records || seen.get((int) i)) {
                    ok = false;
                    return;
                }
                seen.set((int) i);
                if (i >= records / 5) {
                    latency.recordValue(Math.max(0, now - t));
                }
            } else if (b.length > 2 && b[0] >= '0' && b[0] <= '9') {
                lastId = new String(b, StandardCharsets.US_ASCII);
            }
        }

        private static long after(byte[] b, String key) {
            String s = new String(b, StandardCharsets.US_ASCII);
            int at = s.indexOf(key);
            if (at < 0) {
                return -1;
            }
            long v = 0;
            for (int k = at + key.length(); k < s.length() && Character.isDigit(s.charAt(k)); k++) {
                v = v * 10 + (s.charAt(k) - '0');
            }
            return v;
        }
    }

    /** A RESP2 reader that hands every bulk string to a callback and skips everything else. */
    private static final class Resp {
        interface Bulk {
            void accept(byte[] b);
        }

        static void read(InputStream in, Bulk bulk) throws IOException {
            int type = in.read();
            String line = MinimalRun.line(in);
            switch (type) {
                case '*' -> {
                    int n = Integer.parseInt(line);
                    for (int k = 0; k < n; k++) {
                        read(in, bulk);
                    }
                }
                case '$' -> {
                    int n = Integer.parseInt(line);
                    if (n >= 0) {
                        bulk.accept(in.readNBytes(n));
                        MinimalRun.line(in);
                    }
                }
                case '+', ':' -> { }
                case '-' -> throw new IOException("redis error: " + line);
                default -> throw new IOException("unexpected reply type " + type);
            }
        }
    }
}
