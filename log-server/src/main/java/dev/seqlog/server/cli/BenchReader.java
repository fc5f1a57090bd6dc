package dev.seqlog.server.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The reading half of {@code bench}: follows the topic with the diff long-poll (API §4) from where the
 * writer began until it reaches the writer's last seq, and records each record's latency from the send
 * time in its payload to its arrival. Confined to its own thread; the histogram is read once it has ended.
 */
final class BenchReader implements Runnable {
    /** Short enough that a reader notices the end of writing or a failure promptly. */
    private static final int WAIT_MS = 500;

    private final ApiClient api;
    private final BenchRun run;
    private final long origin;
    private final long drainNanos;
    private long cursor;
    final Histogram latency = BenchReport.histogram();

    /**
     * @param origin the {@link System#nanoTime()} payload times count from
     * @param from the topic's head before writing began
     * @param drainNanos how long to keep reading after writing ended before calling it a failure
     */
    BenchReader(ApiClient api, BenchRun run, long origin, long from, long drainNanos) {
        this.api = api;
        this.run = run;
        this.origin = origin;
        this.cursor = from;
        this.drainNanos = drainNanos;
    }

    @Override
    public void run() {
        String path = "/topics/" + ApiClient.segment(run.topic) + "/diff";
        long writingEnded = 0;
        try {
            while (!run.failed()) {
                long last = run.lastSeq();
                if (last >= 0) {
                    if (cursor >= last) {
                        return;
                    }
                    long now = System.nanoTime();
                    if (writingEnded == 0) {
                        writingEnded = now;
                    } else if (now - writingEnded > drainNanos) {
                        throw new CliFailure("readers did not reach seq " + last + " within "
                                + drainNanos / 1_000_000_000 + " s of the end of writing (at seq " + cursor + ")");
                    }
                }
                String req = "{\"from_seq\":" + cursor + ",\"limit\":1000,\"include_meta\":false,\"wait_ms\":"
                        + (last >= 0 ? 0 : WAIT_MS) + "}";
                read(api.post(path, req.getBytes(StandardCharsets.UTF_8)));
            }
        } catch (RuntimeException e) {
            run.fail(e);
        }
    }

    /** One diff answer, parsed as it streams: no tree, only each record's send time and data size. */
    private void read(byte[] body) {
        long next = -1;
        try (JsonParser p = Jsons.FACTORY.createParser(body)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                if (f.equals("records") && v == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        record(p);
                    }
                } else if (f.equals("next_from_seq") && v == JsonToken.VALUE_NUMBER_INT) {
                    next = p.getLongValue();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new CliFailure("the server's answer is not valid JSON: " + e.getMessage());
        }
        if (next < 0) {
            throw new CliFailure("the server's answer has no number in next_from_seq");
        }
        cursor = Math.max(cursor, next);
    }

    private void record(JsonParser p) throws IOException {
        long arrived = System.nanoTime() - origin;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            if (!f.equals("data") || p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            long start = p.currentTokenLocation().getByteOffset();
            long sent = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String g = p.currentName();
                p.nextToken();
                if (g.equals("t") && p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                    sent = p.getLongValue();
                } else {
                    p.skipChildren();
                }
            }
            run.readBytes.addAndGet(p.currentLocation().getByteOffset() - start);
            if (sent >= 0) {
                latency.recordValue(Math.max(0, arrived - sent));
            }
        }
        run.read.incrementAndGet();
        run.lastReadAt.accumulateAndGet(origin + arrived, Math::max);
    }
}
