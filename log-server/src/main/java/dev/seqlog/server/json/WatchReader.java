package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.Limits;
import dev.seqlog.api.Names;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.WatchStart;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the subscription fields shared by {@code POST /v0/watch} (API §8.2) and the WebSocket
 * {@code subscribe} command (§9.1): the {@code topics} map, node ids, batching and payload options. Each
 * caller supplies its own defaults. Not thread-safe: one instance per body.
 */
public final class WatchReader {
    private final Limits limits;
    /** Topics and their starts, in the order given. */
    public Map<String, WatchStart> topics;
    /** Reader node ids. */
    public Set<String> nodes = Set.of();
    /** Records per frame; 0 for the default. */
    public long limit;
    /** Byte budget per frame. */
    public long maxBatchBytes;
    /** Payload options. */
    public boolean includeData = true;
    /** Payload options. */
    public boolean includeMeta = true;
    /** Payload options. */
    public boolean includeTags;

    /**
     * @param limits the server's limits
     * @param defaultLimit records per frame when absent
     * @param defaultBatchBytes bytes per frame when absent
     * @param includeMeta whether meta is included when absent
     */
    public WatchReader(Limits limits, long defaultLimit, long defaultBatchBytes, boolean includeMeta) {
        this.limits = limits;
        this.limit = defaultLimit;
        this.maxBatchBytes = defaultBatchBytes;
        this.includeMeta = includeMeta;
    }

    /**
     * Reads one field if it is a shared one; the parser is on the field's value.
     *
     * @param p the parser
     * @param name the field name
     * @param maxTopics most topics allowed
     * @return whether the field was one of the shared ones
     * @throws IOException from the parser
     */
    public boolean field(JsonParser p, String name, int maxTopics) throws IOException {
        switch (name) {
            case "topics" -> topics = readTopics(p, maxTopics);
            case "node" -> nodes = DiffReader.readNodes(p, limits);
            case "limit" -> limit = Fields.u64Clamped(p, name, limits.maxLimit());
            case "max_batch_bytes" -> maxBatchBytes = Fields.u64Clamped(p, name, DiffRequest.MAX_BATCH_BYTES);
            case "include_data" -> includeData = Fields.bool(p, name);
            case "include_meta" -> includeMeta = Fields.bool(p, name);
            case "include_tags" -> includeTags = Fields.bool(p, name);
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code topics} object: name to {@code {from_seq, tail}} ({@code tail} wins when both are given).
     *
     * @param p the parser, on the object
     * @param maxTopics most entries allowed
     * @return the starts, in the order given
     * @throws IOException from the parser
     */
    public static Map<String, WatchStart> readTopics(JsonParser p, int maxTopics) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw SeqlogException.invalid("topics", "topics must be an object of topic name to options");
        }
        Map<String, WatchStart> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String topic = p.currentName();
            if (!Names.isValidTopic(topic)) {
                throw SeqlogException.invalid("topics", "invalid topic name").with("topic", topic);
            }
            if (out.size() >= maxTopics) {
                throw SeqlogException.invalid("topics", "at most " + maxTopics + " topics per watch")
                        .with("max", maxTopics);
            }
            p.nextToken();
            out.put(topic, readStart(p, "topics." + topic));
        }
        if (out.isEmpty()) {
            throw SeqlogException.invalid("topics", "topics needs at least one topic");
        }
        return out;
    }

    /**
     * One topic's options: {@code from_seq} and {@code tail}; other fields are ignored.
     *
     * @param p the parser, on the object
     * @param field the field path reported in errors
     * @return the start
     * @throws IOException from the parser
     */
    public static WatchStart readStart(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw SeqlogException.invalid(field, field + " must be an object");
        }
        long from = 0;
        boolean tail = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "from_seq" -> from = Fields.u64(p, "from_seq");
                case "tail" -> tail = Fields.bool(p, "tail");
                default -> p.skipChildren();
            }
        }
        return new WatchStart(from, tail);
    }
}
