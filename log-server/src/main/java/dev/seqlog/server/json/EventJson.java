package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.seqlog.api.RecordBatch;
import dev.seqlog.api.Tombstone;
import dev.seqlog.api.WatchEvent;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Renders watch events as the JSON objects of API §8.5 (SSE {@code data}) and §9.2 (WebSocket messages,
 * which add {@code op}). A batch's records are rendered once per batch and shape: every connection that
 * receives the same batch copies the same bytes ({@link RecordBatch#encoded}). Stateless; thread-safe.
 */
public final class EventJson {
    /** Which optional record fields a rendering includes: the key of a batch's memoised rendering. */
    private record Shape(boolean tags, boolean meta) {
    }

    private EventJson() {
    }

    /**
     * Renders {@code e} into {@code sink}.
     *
     * @param sink receives the JSON object
     * @param e the event
     * @param op the WebSocket {@code op} name, or null for an SSE frame's data
     * @param tags whether records carry {@code $tag}
     * @param meta whether records carry {@code meta}
     */
    public static void write(ByteSink sink, WatchEvent e, String op, boolean tags, boolean meta) {
        try (JsonGenerator g = Json.generator(sink)) {
            g.writeStartObject();
            if (op != null) {
                g.writeStringField("op", op);
            }
            g.writeStringField("topic", e.topic());
            if (e instanceof WatchEvent.Records r) {
                g.writeArrayFieldStart("records");
                g.flush();
                sink.write(records(r.batch(), tags, meta));
                g.writeEndArray();
                g.writeNumberField("from_seq", r.fromSeq());
                g.writeNumberField("to_seq", r.toSeq());
                g.writeNumberField("head_seq", r.headSeq());
            } else if (e instanceof WatchEvent.Gap gap) {
                Tombstone t = gap.tombstone();
                g.writeStringField("reason", t.reason().wireName());
                g.writeNumberField("gap_from", t.gapFrom());
                g.writeNumberField("gap_to", t.gapTo());
                g.writeNumberField("missed_estimate", t.missedEstimate());
                g.writeNumberField("earliest_seq", t.earliestSeq());
                g.writeNumberField("head_seq", t.headSeq());
            } else if (e instanceof WatchEvent.CaughtUp c) {
                g.writeNumberField("head_seq", c.headSeq());
            } else if (e instanceof WatchEvent.TopicDeleted d) {
                g.writeNumberField("head_seq", d.headSeq());
                g.writeStringField("reason", "deleted");
            }
            g.writeEndObject();
        } catch (IOException io) {
            throw new UncheckedIOException(io); // writes to memory only
        }
    }

    /**
     * The name of an event on the wire: the SSE {@code event:} field (API §8.5, hyphenated) or the WebSocket
     * {@code op} (§9.2, with underscores).
     *
     * @param e the event
     * @param webSocket whether the name is a WebSocket {@code op}
     * @return the name
     */
    public static String name(WatchEvent e, boolean webSocket) {
        if (e instanceof WatchEvent.Records) {
            return "record";
        }
        if (e instanceof WatchEvent.Gap) {
            return "tombstone";
        }
        if (e instanceof WatchEvent.CaughtUp) {
            return webSocket ? "caught_up" : "caught-up";
        }
        return webSocket ? "topic_deleted" : "topic-deleted";
    }

    /** The records of a batch as the inside of a JSON array, rendered once per batch and shape. */
    private static byte[] records(RecordBatch batch, boolean tags, boolean meta) {
        return batch.encoded(new Shape(tags, meta), b -> {
            ByteSink out = new ByteSink(128 * b.size());
            try (JsonGenerator g = Json.generator(out)) { // closed to hand its buffers back
                b.forEach(new RecordWriter(g, out, tags, meta, false)); // views over the batch: no objects
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        });
    }
}
