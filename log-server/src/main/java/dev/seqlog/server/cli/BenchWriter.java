package dev.seqlog.server.cli;

import org.HdrHistogram.Histogram;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The writing half of {@code bench}: appends batches for a duration, paced to a rate or flat out, and
 * records each request's latency (request → response). Each payload carries its send time
 * ({@code {"t":NANOS,"p":"…"}}, padded to the record size) so readers can measure write → read. Confined
 * to its own thread; the histogram is read once the thread has ended.
 */
final class BenchWriter implements Runnable {
    /** The smallest record: {@code {"t":<19 digits>,"p":""}}. */
    static final int MIN_RECORD_BYTES = 32;

    private final ApiClient api;
    private final BenchRun run;
    private final long origin;
    private final long durationNanos;
    private final int rate;
    private final int batch;
    private final int recordBytes;
    final Histogram latency = BenchReport.histogram();
    private long elapsedNanos;

    /**
     * @param origin the {@link System#nanoTime()} that payload times count from, shared with the readers
     * @param rate records per second, 0 for as fast as the server answers
     */
    BenchWriter(ApiClient api, BenchRun run, long origin, long durationNanos, int rate, int batch, int recordBytes) {
        this.api = api;
        this.run = run;
        this.origin = origin;
        this.durationNanos = durationNanos;
        this.rate = rate;
        this.batch = batch;
        this.recordBytes = recordBytes;
    }

    @Override
    public void run() {
        String path = "/topics/" + ApiClient.segment(run.topic) + "?return_seqs=false";
        long start = System.nanoTime();
        long last = 0;
        long sent = 0;
        try {
            while (!run.failed()) {
                long now = System.nanoTime();
                if (now - start >= durationNanos) {
                    break;
                }
                if (rate > 0) {
                    // a fixed schedule from the start: a slow answer is caught up afterwards, not forgotten
                    long due = start + (long) (sent * 1e9 / rate);
                    if (due - start >= durationNanos) {
                        break;
                    }
                    if (due > now) {
                        LockSupport.parkNanos(due - now);
                        continue;
                    }
                }
                long before = System.nanoTime();
                Map<String, byte[]> answer = Jsons.fields(api.post(path, body(batch, before - origin)));
                latency.recordValue(Math.max(0, System.nanoTime() - before));
                last = Math.max(last, Jsons.number(answer.get("last_seq"), "last_seq"));
                sent += batch;
                run.written.addAndGet(batch);
                run.writtenBytes.addAndGet((long) batch * recordBytes);
            }
        } catch (RuntimeException e) {
            run.fail(e);
        } finally {
            elapsedNanos = System.nanoTime() - start;
            run.writingDone(last);
        }
    }

    long elapsedNanos() {
        return elapsedNanos;
    }

    private byte[] body(int n, long t) {
        byte[] head = ("{\"data\":{\"t\":" + t + ",\"p\":\"").getBytes(StandardCharsets.UTF_8);
        int pad = recordBytes - (head.length - "{\"data\":".length()) - "\"}".length();
        ByteArrayOutputStream b = new ByteArrayOutputStream(n * (recordBytes + 16) + 16);
        b.writeBytes("{\"records\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.write(',');
            }
            b.writeBytes(head);
            for (int j = 0; j < pad; j++) {
                b.write('x');
            }
            b.writeBytes("\"}}".getBytes(StandardCharsets.UTF_8));
        }
        b.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }
}
