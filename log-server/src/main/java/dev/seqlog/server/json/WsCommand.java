package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Limits;
import dev.seqlog.api.Names;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.WatchStart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One client message of the WebSocket protocol (API §9.1), read in two steps: {@link #envelope} finds the
 * {@code op}, the raw {@code request_id} (echoed byte for byte) and the fields every command shares; the
 * command's own fields are read by {@link #subscribe} or {@link #unsubscribeTopics}, and a {@code publish}
 * body by {@link BodyReader#write}. Immutable.
 *
 * @param op the command
 * @param requestId the {@code request_id} value as sent (any JSON), or null
 * @param topic the {@code topic} field, or null
 * @param returnSeqs the {@code return_seqs} field of a publish (default true)
 */
public record WsCommand(String op, byte[] requestId, String topic, boolean returnSeqs) {

    /** A message whose envelope is unusable, with the {@code request_id} read before the problem, if any. */
    public static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;
        /** The problem. */
        public final transient SeqlogException error;
        /** The raw request_id, or null. */
        public final transient byte[] requestId;

        Invalid(SeqlogException error, byte[] requestId) {
            super(error.getMessage(), null, false, false);
            this.error = error;
            this.requestId = requestId;
        }
    }

    /** A parsed {@code subscribe}. */
    public record Subscribe(Map<String, WatchStart> topics, WatchReader fields, boolean lenient) {
    }

    /**
     * Reads the envelope of a message.
     *
     * @param msg the UTF-8 bytes of a text message
     * @return the envelope
     * @throws Invalid for malformed JSON, a non-object, a bad shared field, or a missing {@code op}
     */
    public static WsCommand envelope(byte[] msg) {
        String op = null;
        byte[] requestId = null;
        String topic = null;
        boolean returnSeqs = true;
        try (JsonParser p = Json.parser(msg, 0, msg.length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw SeqlogException.invalid("op", "a message must be a JSON object with an op");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "op" -> op = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : "";
                    case "request_id" -> {
                        int from = (int) p.currentTokenLocation().getByteOffset();
                        p.skipChildren();
                        p.finishToken(); // a string's end is known only once it is read
                        int to = (int) p.currentLocation().getByteOffset();
                        requestId = Arrays.copyOfRange(msg, from, to);
                    }
                    case "topic" -> topic = Fields.string(p, "topic");
                    case "return_seqs" -> returnSeqs = Fields.bool(p, "return_seqs");
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw SeqlogException.invalid("op", "trailing content after the message object");
            }
        } catch (JsonProcessingException e) {
            throw new Invalid(BodyReader.malformed(e), requestId);
        } catch (SeqlogException e) {
            throw new Invalid(e, requestId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (op == null || op.isEmpty()) {
            throw new Invalid(SeqlogException.invalid("op", "op is required and must be a string"), requestId);
        }
        return new WsCommand(op, requestId, topic, returnSeqs);
    }

    /**
     * Reads a {@code subscribe}: {@code topic} with the top-level {@code from_seq}/{@code tail}, and/or
     * {@code topics}; at least one topic, at most {@code maxTopics}.
     *
     * @param msg the message
     * @param limits the server's limits
     * @param maxTopics most topics per command
     * @return the command
     */
    public static Subscribe subscribe(byte[] msg, Limits limits, int maxTopics) {
        WatchReader f = new WatchReader(limits, 1000, 1 << 20, true);
        String topic = null;
        long from = 0;
        boolean tail = false;
        boolean lenient = false;
        try (JsonParser p = Json.parser(msg, 0, msg.length)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (f.field(p, name, maxTopics)) {
                    continue;
                }
                switch (name) {
                    case "topic" -> topic = Fields.string(p, name);
                    case "from_seq" -> from = Fields.u64(p, name);
                    case "tail" -> tail = Fields.bool(p, name);
                    case "lenient" -> lenient = Fields.bool(p, name);
                    default -> p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw BodyReader.malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, WatchStart> topics = f.topics == null ? new LinkedHashMap<>() : new LinkedHashMap<>(f.topics);
        if (topic != null) {
            Names.requireTopic(topic);
            topics.put(topic, new WatchStart(from, tail));
        }
        if (topics.isEmpty()) {
            throw SeqlogException.invalid("topic", "subscribe needs topic or topics");
        }
        if (topics.size() > maxTopics) {
            throw SeqlogException.invalid("topics", "at most " + maxTopics + " topics per command").with("max", maxTopics);
        }
        return new Subscribe(topics, f, lenient);
    }

    /**
     * Reads the names of an {@code unsubscribe}: {@code topic} and/or the {@code topics} array.
     *
     * @param msg the message
     * @return the names as requested, at least one
     */
    public static List<String> unsubscribeTopics(byte[] msg) {
        List<String> out = new ArrayList<>();
        try (JsonParser p = Json.parser(msg, 0, msg.length)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("topic")) {
                    out.add(Fields.string(p, name));
                } else if (name.equals("topics")) {
                    if (p.currentToken() != JsonToken.START_ARRAY) {
                        throw SeqlogException.invalid("topics", "topics must be an array of names");
                    }
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        out.add(Fields.string(p, "topics"));
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw BodyReader.malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.isEmpty()) {
            throw new SeqlogException(ErrorCode.INVALID_REQUEST, "unsubscribe needs topic or topics")
                    .with("field", "topic");
        }
        return out;
    }
}
