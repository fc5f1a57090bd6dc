package dev.seqlog.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cursor over one JSON document held in memory: field-by-field and element-by-element reading with typed
 * accessors, plus the byte range of the current value so payloads can be sliced out unparsed. Unknown fields are
 * skipped by the callers (API §1.1: clients ignore fields they do not know). Confined to one thread.
 */
final class JsonIn implements Closeable {
    private final byte[] buf;
    private final int limit;
    private final JsonParser p;

    /**
     * Opens a document and moves to its first token.
     *
     * @param buf the document
     * @param off where it starts
     * @param len its length
     * @throws IOException if it does not start with a token
     */
    JsonIn(byte[] buf, int off, int len) throws IOException {
        this.buf = buf;
        this.limit = off + len;
        this.p = Json.FACTORY.createParser(buf, off, len);
        if (p.nextToken() == null) {
            throw new IOException("empty JSON document");
        }
    }

    /** @param buf a whole document */
    JsonIn(byte[] buf) throws IOException {
        this(buf, 0, buf.length);
    }

    /** @return the bytes the document lives in */
    byte[] buffer() {
        return buf;
    }

    /** @return the current token */
    JsonToken token() {
        return p.currentToken();
    }

    /** @throws IOException unless the current token opens an object */
    void expectObject() throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IOException("expected a JSON object, found " + p.currentToken());
        }
    }

    /**
     * Moves to the next field of the object being read and onto its value.
     *
     * @return the field name, or null at the end of the object
     */
    String field() throws IOException {
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            return null;
        }
        String name = p.currentName();
        p.nextToken();
        return name;
    }

    /**
     * Moves to the next element of the array being read.
     *
     * @return false at the end of the array
     */
    boolean element() throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new IOException("truncated JSON array");
        }
        return t != JsonToken.END_ARRAY;
    }

    /** @return whether the current value is null */
    boolean isNull() {
        return p.currentToken() == JsonToken.VALUE_NULL;
    }

    /** @return the current value as a long; a fraction is truncated */
    long num() throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            return (long) p.getDoubleValue();
        }
        throw new IOException("expected a number, found " + t);
    }

    /** @return the current value as a long, or null for JSON null */
    Long optNum() throws IOException {
        return isNull() ? null : num();
    }

    /** @return the current value as a double */
    double dbl() throws IOException {
        if (!p.currentToken().isNumeric()) {
            throw new IOException("expected a number, found " + p.currentToken());
        }
        return p.getDoubleValue();
    }

    /** @return the current string, or null for JSON null */
    String str() throws IOException {
        if (isNull()) {
            return null;
        }
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IOException("expected a string, found " + p.currentToken());
        }
        return p.getText();
    }

    /** @return the current boolean */
    boolean bool() throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw new IOException("expected a boolean, found " + t);
        }
        return t == JsonToken.VALUE_TRUE;
    }

    /** Skips the current value, whatever it is. */
    void skip() throws IOException {
        p.skipChildren();
    }

    /**
     * The bytes of the current value, left as they are, and moves past it.
     *
     * @return {@code {start, end}} indexes into {@link #buffer()}
     */
    int[] span() throws IOException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        int end = JsonSpan.end(buf, start, limit);
        p.skipChildren(); // a container is consumed here; a scalar is already whole for the parser
        return new int[] {start, end};
    }

    /**
     * Reads the current value as plain Java values: strings, {@code Long} or {@code Double} numbers, booleans,
     * null, {@code List} and insertion-ordered {@code Map}.
     *
     * @return the value
     */
    Object value() throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                String name;
                while ((name = field()) != null) {
                    m.put(name, value());
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                while (element()) {
                    l.add(value());
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? (Object) p.getDoubleValue()
                        : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + t);
        }
    }

    @Override
    public void close() throws IOException {
        p.close();
    }
}
