package dev.seqlog.client;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordBatch;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.Tombstone;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.api.WatchEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the data of SSE frames (API §8.5, §10.10): watch events, and the {@code error} frame shared by watch
 * and {@code /work} streams. Stateless.
 */
final class StreamFrames {
    /**
     * An {@code error} frame.
     *
     * @param code the HTTP-like code
     * @param message the server's text
     * @param kind the stable kind ({@code throttled}, {@code superseded}, {@code shutting_down}, ...)
     * @param terminal whether the server closes the stream after it
     */
    record StreamError(int code, String message, String kind, boolean terminal) {
        /**
         * @return the failure a subscriber is told: the kind's own code when it names one, {@code slow_consumer}
         *         as request_timeout, {@code session_gone} as not_found, anything else as internal; detail.kind
         *         keeps the kind
         */
        SeqlogException exception() {
            ErrorCode c = Errors.byWireName(kind);
            if (c == null) {
                c = switch (kind) {
                    case "slow_consumer" -> ErrorCode.REQUEST_TIMEOUT;
                    case "session_gone" -> ErrorCode.NOT_FOUND;
                    default -> ErrorCode.INTERNAL;
                };
            }
            return new SeqlogException(c, message == null ? kind : message).with("kind", kind).with("status", code);
        }
    }

    private StreamFrames() {
    }

    /**
     * Decodes a watch frame.
     *
     * @param f the frame
     * @return the event, or null for a frame that is not an event (an {@code error}, or a name this client does
     *         not know)
     */
    static WatchEvent watchEvent(SseParser.Frame f) {
        return switch (f.event()) {
            case "record" -> Responses.read(f.data(), "record frame", StreamFrames::records);
            case "tombstone" -> Responses.read(f.data(), "tombstone frame", in -> {
                String[] topic = new String[1];
                Tombstone t = tombstone(in, topic);
                return new WatchEvent.Gap(topic[0], t);
            });
            case "caught-up" -> Responses.read(f.data(), "caught-up frame", in -> {
                Head h = head(in);
                return new WatchEvent.CaughtUp(h.topic, h.head);
            });
            case "topic-deleted" -> Responses.read(f.data(), "topic-deleted frame", in -> {
                Head h = head(in);
                return new WatchEvent.TopicDeleted(h.topic, h.head);
            });
            default -> null;
        };
    }

    /** @return the error of an {@code error} frame */
    static StreamError error(SseParser.Frame f) {
        return Responses.read(f.data(), "error frame", in -> {
            int code = 0;
            String message = null;
            String kind = "internal";
            boolean terminal = true;
            String name;
            while ((name = in.field()) != null) {
                switch (name) {
                    case "code" -> code = (int) in.num();
                    case "error" -> message = in.str();
                    case "kind" -> kind = in.str();
                    case "terminal" -> terminal = in.bool();
                    default -> in.skip();
                }
            }
            return new StreamError(code, message, kind, terminal);
        });
    }

    private static WatchEvent records(JsonIn in) throws IOException {
        String topic = null;
        List<TopicRecord> records = new ArrayList<>();
        long from = 0;
        long to = 0;
        long head = 0;
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "topic" -> topic = in.str();
                case "records" -> Diffs.records(in, v -> records.add(TopicRecord.copyOf(v)));
                case "from_seq" -> from = in.num();
                case "to_seq" -> to = in.num();
                case "head_seq" -> head = in.num();
                default -> in.skip();
            }
        }
        return new WatchEvent.Records(topic, from, to, head, new RecordBatch(records));
    }

    /** A tombstone frame: the tombstone fields beside {@code topic}. */
    private static Tombstone tombstone(JsonIn in, String[] topic) throws IOException {
        long from = 0;
        long to = 0;
        String reason = null;
        long missed = 0;
        long earliest = 0;
        long head = 0;
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "topic" -> topic[0] = in.str();
                case "gap_from" -> from = in.num();
                case "gap_to" -> to = in.num();
                case "reason" -> reason = in.str();
                case "missed_estimate" -> missed = in.num();
                case "earliest_seq" -> earliest = in.num();
                case "head_seq" -> head = in.num();
                default -> in.skip();
            }
        }
        return new Tombstone(from, to, Responses.reason(reason), missed, earliest, head);
    }

    private record Head(String topic, long head) {
    }

    private static Head head(JsonIn in) throws IOException {
        String topic = null;
        long head = 0;
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "topic" -> topic = in.str();
                case "head_seq" -> head = in.num();
                default -> in.skip();
            }
        }
        return new Head(topic, head);
    }
}
