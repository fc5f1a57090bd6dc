package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.CanonicalJson;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.Limits;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses the JSON request bodies of the topic routes with one streaming pass each. An empty body is
 * read as {@code {}}. A body must be UTF-8 (API §1.6): one UTF-8 byte-order mark at its start is
 * skipped, then every byte is checked by {@link StrictUtf8} before parsing, so an encoding error
 * anywhere, even in a field the parser would skip unread, fails the whole body before any record is
 * looked at. Record {@code data} and {@code meta} are sliced out of the body and stored in the
 * canonical form of {@link CanonicalJson}, byte for byte what the library stores for the same text;
 * per-record limits are checked by {@link Limits#checkRecord} as each record is read. Thread-safe:
 * holds only immutable limits.
 */
public final class BodyReader {
    /** First size of the buffer payloads are rewritten into; it grows for bodies with many such payloads. */
    private static final int REWRITE_INITIAL = 4096;

    /** Longest long-poll wait, API §4. */
    public static final long MAX_WAIT_MS = 30_000;

    private final Limits limits;

    /**
     * Creates a reader enforcing the given limits.
     *
     * @param limits the server's limits
     */
    public BodyReader(Limits limits) {
        this.limits = limits;
    }

    /** A body-less or parsed diff request with its long-poll wait. */
    public record DiffBody(DiffRequest request, long waitMs) {
    }

    /** Body of {@code PUT /v0/topics/:topic}. */
    public TopicConfig topicConfig(byte[] body, int len, String topic) {
        if (len == 0) {
            return TopicConfig.defaults();
        }
        return parse(body, len, p -> ConfigReader.read(p, topic, null));
    }

    /** Body of {@code POST /v0/topics/:topic} with {@code application/json}. */
    public ParsedWrite write(byte[] body, int len, String topic, String headerIdempotencyKey) {
        return parse(body, len, p -> readWrite(p, body, len, topic, headerIdempotencyKey));
    }

    /** Body of {@code POST /v0/topics/:topic/diff}. */
    public DiffBody diff(byte[] body, int len) {
        if (len == 0) {
            return new DiffBody(DiffRequest.from(0), 0);
        }
        return parse(body, len, p -> DiffReader.read(p, limits));
    }

    /** A parsed {@code POST /v0/watch} body (API §8.2). */
    public record WatchBody(WatchReader fields, String cursor, long heartbeatMs, boolean strong) {
    }

    /**
     * Body of {@code POST /v0/watch}.
     *
     * @param body the bytes
     * @param len their length
     * @param maxTopics most topics per watch
     * @return the fields; {@code cursor} is the raw composite cursor or null
     */
    public WatchBody watch(byte[] body, int len, int maxTopics) {
        return parse(body, len, p -> {
            WatchReader f = new WatchReader(limits, 0, 256 << 10, true);
            String cursor = null;
            long heartbeat = 15_000;
            boolean strong = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (f.field(p, name, maxTopics)) {
                    continue;
                }
                switch (name) {
                    case "cursor" -> cursor = Fields.nullableString(p, name);
                    case "heartbeat_ms" -> heartbeat = Math.max(1000, Fields.u64Clamped(p, name, 60_000));
                    case "consistency" -> strong = consistency(Fields.string(p, name));
                    default -> p.skipChildren();
                }
            }
            if (f.topics == null) {
                throw SeqlogException.invalid("topics", "topics is required");
            }
            return new WatchBody(f, cursor, heartbeat, strong);
        });
    }

    private static boolean consistency(String v) {
        return switch (v) {
            case "eventual" -> false;
            case "strong" -> true;
            default -> throw SeqlogException.invalid("consistency", "consistency must be \"eventual\" or \"strong\"");
        };
    }

    /** Body of {@code POST /v0/topics/:topic/delete}. */
    public DeleteRequest delete(byte[] body, int len) {
        if (len == 0) {
            throw SeqlogException.invalid("before_seq", "a delete needs before_seq, match, or both");
        }
        return parse(body, len, DeleteReader::read);
    }

    /** Body of {@code PUT /v0/cluster/peers}: the new voters as {@code id=host:port} text, not yet parsed. */
    public List<String> peers(byte[] body, int len) {
        return parse(body, len, PeersReader::read);
    }

    /** Body of {@code PUT /v0/routers/:router}; an empty body is {@code {}}, which lacks the required fields. */
    public RouterSpec router(byte[] body, int len) {
        return parse(body, len, RouterReader::read);
    }

    /**
     * A parsed ack, nack or extend body (API §10.2).
     *
     * @param request the worker, its seqs and their lease ids
     * @param ms the call's duration ({@code delay_ms} of a nack, {@code lease_ms} of an extend), 0 when absent
     */
    public record LeaseBody(LeaseRequest request, long ms) {
    }

    /**
     * Body of {@code POST /v0/topics/:q/claim}.
     *
     * @param body the bytes
     * @param len their length
     * @param maxClaim jobs per claim at most ({@code max} is clamped to it)
     * @return the claim
     */
    public ClaimRequest claim(byte[] body, int len, int maxClaim) {
        return parse(body, len, p -> QueueReader.claim(p, limits, maxClaim));
    }

    /**
     * Body of {@code POST /v0/topics/:q/ack}, {@code /nack} or {@code /extend}.
     *
     * @param body the bytes
     * @param len their length
     * @param maxClaim seqs per call at most (more is batch_too_large)
     * @param duration the call's duration field, or null for an ack
     * @param durationRequired whether a body without the duration is refused
     * @return the fields
     */
    public LeaseBody lease(byte[] body, int len, int maxClaim, String duration, boolean durationRequired) {
        return parse(body, len, p -> QueueReader.lease(p, limits, maxClaim, duration, durationRequired));
    }

    /** A parse step that may throw jackson's checked exceptions. */
    @FunctionalInterface
    private interface Step<T> {
        T run(JsonParser p) throws IOException;
    }

    private static <T> T parse(byte[] body, int len, Step<T> step) {
        if (len == 0) {
            body = new byte[] {'{', '}'};
            len = 2;
        }
        int start = StrictUtf8.bomLength(body, 0, len);
        int bad = StrictUtf8.firstInvalid(body, start, len - start);
        if (bad >= 0) {
            throw new SeqlogException(ErrorCode.INVALID_REQUEST, "the request body is not valid UTF-8 (byte " + bad
                    + " starts an ill-formed sequence)");
        }
        try (JsonParser p = Json.parser(body, start, len - start)) {
            p.nextToken();
            Fields.expectObject(p, null);
            T out = step.run(p);
            Fields.expectEnd(p);
            return out;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Maps a JSON syntax error to invalid_request in seqlog's words (never the parser's text). */
    static SeqlogException malformed(JsonProcessingException e) {
        return SyntaxErrors.of(e);
    }

    private ParsedWrite readWrite(JsonParser p, byte[] body, int len, String topic, String headerKey)
            throws IOException {
        List<RecordInput> records = null;
        String node = null;
        String key = null;
        Boolean create = null;
        TopicConfig config = null;
        boolean backpressureOff = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "records":
                    if (p.currentToken() != JsonToken.START_ARRAY) {
                        throw SeqlogException.invalid("records", "records must be an array");
                    }
                    records = readRecords(p, body, len);
                    break;
                case "node":
                    node = Fields.string(p, name);
                    limits.checkNode(node);
                    break;
                case "idempotency_key":
                    key = Fields.string(p, name);
                    break;
                case "create":
                    create = Fields.bool(p, name);
                    break;
                case "config":
                    config = ConfigReader.read(p, topic, "config");
                    break;
                case "disable_backpressure":
                    backpressureOff = Fields.bool(p, name);
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (records == null) {
            throw SeqlogException.invalid("records", "records is required");
        }
        if (key == null) {
            key = headerKey;
        }
        if (key != null) {
            Limits.checkIdempotencyKey(key);
        }
        return new ParsedWrite(new AppendRequest(records, node, key, create, config), config != null, backpressureOff);
    }

    /**
     * Reads the records array. Each record is checked as soon as it is read, so the first offending
     * record decides the error; records past the batch limit are only counted.
     */
    private List<RecordInput> readRecords(JsonParser p, byte[] body, int len) throws IOException {
        // a payload already in canonical form (compact JSON, the common case) is referenced where it lies in
        // the body; only the others are rewritten into this buffer, so a body costs about its own size and
        // not twice that (when the buffer grows, the records over its old array keep that array)
        CanonicalJson data = new CanonicalJson(Math.min(len, REWRITE_INITIAL));
        CanonicalJson meta = new CanonicalJson(64);
        List<RecordInput> records = new ArrayList<>();
        int count = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (count >= limits.maxBatchRecords()) {
                p.skipChildren();
                count++;
                continue;
            }
            try {
                records.add(readRecord(p, body, len, data, meta));
            } catch (SeqlogException e) {
                throw e.detail().containsKey("index") ? e : e.with("index", count);
            }
            count++;
        }
        limits.checkBatchSize(count);
        return records;
    }

    private RecordInput readRecord(JsonParser p, byte[] body, int len, CanonicalJson data, CanonicalJson meta)
            throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw SeqlogException.invalid("records", "each record must be a JSON object");
        }
        byte[] dataArray = null;
        int dataOff = -1;
        int dataLen = 0;
        byte[] metaBytes = null;
        int metaKeys = 0;
        String tag = null;
        String node = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "data": {
                    int before = data.size();
                    canonicalize(p, body, len, data, "data");
                    dataLen = data.size() - before;
                    if (data.lastValueUnchanged()) {
                        data.truncate(before); // already canonical: point at the body
                        dataArray = body;
                        dataOff = data.lastValueStart();
                    } else {
                        dataArray = data.buffer();
                        dataOff = before;
                    }
                    break;
                }
                case "meta":
                    if (p.currentToken() != JsonToken.START_OBJECT) {
                        throw SeqlogException.invalid("meta", "meta must be a JSON object");
                    }
                    meta.reset();
                    canonicalize(p, body, len, meta, "meta");
                    metaBytes = Arrays.copyOf(meta.buffer(), meta.size());
                    metaKeys = meta.topLevelKeys();
                    break;
                case "tag":
                    tag = Fields.string(p, name);
                    break;
                case "node":
                    node = Fields.string(p, name);
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (dataOff < 0) {
            throw SeqlogException.invalid("data", "a record needs a data field (null is allowed)");
        }
        RecordInput r = RecordInput.trusted(dataArray, dataOff, dataLen).withTrustedMeta(metaBytes, metaKeys)
                .withTag(tag).withNode(node);
        limits.checkRecord(r);
        return r;
    }

    /**
     * Slices the value at the parser's current token out of the body and appends its canonical form
     * (the same bytes the library stores for the same text), then moves the parser past the value.
     */
    private static void canonicalize(JsonParser p, byte[] body, int len, CanonicalJson out, String field)
            throws IOException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        out.appendValue(body, start, len, field);
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
        }
        // a string's content is skipped by the parser's next token; numbers and literals are complete
    }
}
