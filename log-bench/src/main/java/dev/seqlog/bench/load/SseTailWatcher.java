package dev.seqlog.bench.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One W4 watcher on a watch stream: hands every record of every {@code record} frame to its
 * {@link TailVerifier} with the time the read carrying it returned, so latency is recorded on arrival, as the
 * long-poll readers do; checks that each frame's {@code from_seq} continues the previous frame's
 * {@code to_seq}; and closes its stream once it has seen every record, or once the senders have been done
 * for the drain time. Runs on its reactor thread; {@link #result()} and the counters may be read by other
 * threads once {@link #result()} has completed.
 */
final class SseTailWatcher implements WatchHandler {
    private final TailVerifier verifier;
    private final AtomicLong senderEnd;
    private final long drainNanos;
    private final CompletableFuture<Void> open = new CompletableFuture<>();
    private final CompletableFuture<TailVerifier> result = new CompletableFuture<>();
    private final SeqlogHttpClient.RecordFields fields = new SeqlogHttpClient.RecordFields();
    private long lastToSeq;
    private long recordFrames;
    private long caughtUp;
    private long heartbeats;
    private long tombstones;
    private long errorFrames;
    private long cursorBreaks;

    /**
     * @param expected records the senders write, with indexes {@code 0..expected-1}
     * @param warmup records with a lower index are verified, not timed
     * @param startSeq the session's starting cursor, or -1 if unknown (then the first frame is not checked)
     * @param senderEnd a non-zero nanoTime once every sender has finished
     * @param drainNanos how long after that to wait for missing records
     */
    SseTailWatcher(int expected, int warmup, long startSeq, AtomicLong senderEnd, long drainNanos) {
        this.verifier = new TailVerifier(expected, warmup);
        this.lastToSeq = startSeq;
        this.senderEnd = senderEnd;
        this.drainNanos = drainNanos;
    }

    /** @return completes when the stream opens; fails if it closes first */
    CompletableFuture<Void> open() {
        return open;
    }

    /** @return completes with the verifier when the stream is closed on request; fails if the stream failed */
    CompletableFuture<TailVerifier> result() {
        return result;
    }

    @Override
    public void opened(long nanos) {
        open.complete(null);
    }

    @Override
    public boolean event(SseParser.Event e, long arrivedNanos) throws IOException {
        switch (e.type()) {
            case "record" -> {
                records(e, arrivedNanos);
                return !verifier.sawAll();
            }
            case "caught-up" -> caughtUp++;
            case "tombstone" -> {
                tombstones++;
                String gapTo = field(e, "gap_to");
                lastToSeq = gapTo == null ? -1 : Long.parseLong(gapTo); // the gap moved the cursor
            }
            case "topic-deleted" -> throw new LoadGenException("watched topic deleted: " + e.dataText());
            case "error" -> {
                if ("true".equals(field(e, "terminal"))) {
                    throw new LoadGenException("terminal error frame on the watch stream: " + e.dataText());
                }
                errorFrames++;
            }
            default -> {
                // Other event types carry nothing W4 checks.
            }
        }
        return true;
    }

    private void records(SseParser.Event e, long arrivedNanos) throws IOException {
        recordFrames++;
        long from = -1;
        long to = -1;
        try (JsonParser jp = SeqlogHttpClient.JSON.createParser(e.data(), 0, e.dataLength())) {
            SeqlogHttpClient.expect(jp.nextToken(), JsonToken.START_OBJECT);
            while (jp.nextToken() == JsonToken.FIELD_NAME) {
                String name = jp.currentName();
                JsonToken v = jp.nextToken();
                switch (name) {
                    case "records" -> {
                        SeqlogHttpClient.expect(v, JsonToken.START_ARRAY);
                        while (jp.nextToken() == JsonToken.START_OBJECT) {
                            SeqlogHttpClient.readRecord(jp, fields);
                            verifier.delivered(fields.seq, fields.i, fields.t, arrivedNanos);
                        }
                    }
                    case "from_seq" -> from = jp.getLongValue();
                    case "to_seq" -> to = jp.getLongValue();
                    default -> SeqlogHttpClient.skip(jp, v);
                }
            }
        }
        if (from < 0 || to < from || (lastToSeq >= 0 && from != lastToSeq)) {
            cursorBreaks++;
        }
        lastToSeq = to;
    }

    /** @return the text of a top-level scalar field of the event's JSON data, or null */
    private static String field(SseParser.Event e, String field) throws IOException {
        try (JsonParser jp = SeqlogHttpClient.JSON.createParser(e.data(), 0, e.dataLength())) {
            SeqlogHttpClient.expect(jp.nextToken(), JsonToken.START_OBJECT);
            while (jp.nextToken() == JsonToken.FIELD_NAME) {
                String name = jp.currentName();
                JsonToken v = jp.nextToken();
                if (name.equals(field) && v.isScalarValue()) {
                    return jp.getText();
                }
                SeqlogHttpClient.skip(jp, v);
            }
        }
        return null;
    }

    @Override
    public void comment(byte[] b, int off, int len) {
        heartbeats++;
    }

    @Override
    public boolean tick(long nanos) {
        long end = senderEnd.get();
        return end == 0 || nanos - end <= drainNanos;
    }

    @Override
    public void closed(Throwable cause) {
        if (cause == null) {
            open.completeExceptionally(new LoadGenException("watch stream closed before it opened"));
            result.complete(verifier);
        } else {
            open.completeExceptionally(cause);
            result.completeExceptionally(cause);
        }
    }

    /** @return {@code record} frames received */
    long recordFrames() {
        return recordFrames;
    }

    long caughtUp() {
        return caughtUp;
    }

    long heartbeats() {
        return heartbeats;
    }

    long tombstones() {
        return tombstones;
    }

    /** @return non-terminal {@code error} frames (throttling) */
    long errorFrames() {
        return errorFrames;
    }

    /** @return record frames that did not continue the cursor where the previous frame left it */
    long cursorBreaks() {
        return cursorBreaks;
    }
}
