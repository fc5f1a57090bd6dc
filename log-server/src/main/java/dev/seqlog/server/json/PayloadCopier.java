package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;

import java.io.IOException;

/**
 * Re-emits one JSON value from a parser as compact bytes into a {@link ByteSink}: insignificant
 * whitespace is dropped, while key order and number lexemes are kept exactly (numbers are copied as
 * text, never converted). Can also pick one top-level string field out of an object on the way.
 * Confined to one thread; one instance per request.
 */
final class PayloadCopier {
    private final ByteSink sink;
    private final JsonGenerator gen;

    /** Keys of the top-level object of the last copy, or -1 if it was not an object. */
    int topLevelKeys;
    /** The watched field's string value in the last copy, or null. */
    String watchedValue;
    /** Whether the watched field appeared in the last copy with a non-string value. */
    boolean watchedNotString;

    PayloadCopier(ByteSink sink) {
        this.sink = sink;
        this.gen = Json.generator(sink);
    }

    ByteSink sink() {
        return sink;
    }

    /**
     * Copies the value starting at the parser's current token and leaves the parser on its last token.
     *
     * @param p the parser
     * @param watchField a top-level field to capture (NDJSON {@code tag_field}), or null
     * @return the sink offset where the copy starts; it ends at {@code sink().size()}
     */
    int copy(JsonParser p, String watchField) throws IOException {
        gen.flush();
        int start = sink.size();
        topLevelKeys = p.currentToken() == JsonToken.START_OBJECT ? 0 : -1;
        watchedValue = null;
        watchedNotString = false;
        int depth = 0;
        boolean watchNext = false;
        JsonToken t = p.currentToken();
        while (true) {
            if (t == null) {
                throw new SeqlogException(ErrorCode.INVALID_REQUEST, "unexpected end of JSON");
            }
            if (watchNext && depth == 1) {
                if (t == JsonToken.VALUE_STRING) {
                    watchedValue = p.getText();
                } else {
                    watchedNotString = true;
                }
                watchNext = false;
            }
            switch (t) {
                case START_OBJECT:
                    gen.writeStartObject();
                    depth++;
                    break;
                case START_ARRAY:
                    gen.writeStartArray();
                    depth++;
                    break;
                case END_OBJECT:
                    gen.writeEndObject();
                    depth--;
                    break;
                case END_ARRAY:
                    gen.writeEndArray();
                    depth--;
                    break;
                case FIELD_NAME:
                    String name = p.currentName();
                    checkSurrogates(name.toCharArray(), 0, name.length());
                    if (depth == 1 && topLevelKeys >= 0) {
                        topLevelKeys++;
                        if (watchField != null && watchedValue == null && !watchedNotString
                                && watchField.equals(name)) {
                            watchNext = true;
                        }
                    }
                    gen.writeFieldName(name);
                    break;
                case VALUE_STRING:
                    checkSurrogates(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    gen.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    break;
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    // the lexeme itself: 1.0 stays 1.0 and big integers stay exact
                    gen.writeNumber(p.getText());
                    break;
                case VALUE_TRUE:
                    gen.writeBoolean(true);
                    break;
                case VALUE_FALSE:
                    gen.writeBoolean(false);
                    break;
                case VALUE_NULL:
                    gen.writeNull();
                    break;
                default:
                    throw new SeqlogException(ErrorCode.INVALID_REQUEST, "unsupported JSON token " + t);
            }
            if (depth == 0) {
                break;
            }
            t = p.nextToken();
        }
        gen.flush();
        return start;
    }

    /**
     * Refuses a string holding an unpaired surrogate (only reachable through an escape): it has no
     * UTF-8 form, and jackson would merge it with the next character instead of failing.
     */
    static void checkSurrogates(char[] text, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            char c = text[i];
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text[i + 1])) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new SeqlogException(ErrorCode.INVALID_REQUEST, "a string holds an unpaired surrogate escape");
            }
        }
    }
}
