package dev.seqlog.server.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Byte-exact slices of JSON for the client commands: payloads travel as the bytes the user or the server
 * wrote, never re-serialized (a number keeps its digits). Stateless; thread-safe.
 */
final class Jsons {
    static final JsonFactory FACTORY = new JsonFactory();

    private Jsons() {
    }

    /**
     * The fields of a top-level object, each as the raw bytes of its value.
     *
     * @throws CliFailure if the body is not one JSON object
     */
    static Map<String, byte[]> fields(byte[] body) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new CliFailure("the server's answer is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                m.put(name, value(p, body));
            }
        } catch (IOException e) {
            throw new CliFailure("the server's answer is not valid JSON: " + reason(e));
        }
        return m;
    }

    /** The elements of a raw JSON array, each as raw bytes; empty for null or absent. */
    static List<byte[]> elements(byte[] array) {
        List<byte[]> out = new ArrayList<>();
        if (array == null) {
            return out;
        }
        try (JsonParser p = FACTORY.createParser(array)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return out;
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                out.add(value(p, array));
            }
        } catch (IOException e) {
            throw new CliFailure("the server's answer is not valid JSON: " + reason(e));
        }
        return out;
    }

    /**
     * Whether a line holds exactly one JSON value (surrounding white space allowed).
     *
     * @return null if it does, else what is wrong
     */
    static String checkValue(byte[] line) {
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() == null) {
                return "empty";
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                return "more than one JSON value";
            }
            return null;
        } catch (IOException e) {
            return reason(e);
        }
    }

    private static String reason(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                : String.valueOf(e.getMessage());
    }

    /** The value at the parser's current token, which it then leaves behind. */
    private static byte[] value(JsonParser p, byte[] src) throws IOException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        if (p.currentToken().isStructStart()) {
            p.skipChildren();
        } else {
            p.finishToken();
        }
        int end = (int) p.currentLocation().getByteOffset();
        return Arrays.copyOfRange(src, start, end);
    }

    /**
     * An answer as one line without its {@code performance} block (timing is noise in a terminal or script).
     */
    static byte[] withoutPerformance(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length);
        out.write('{');
        boolean first = true;
        for (Map.Entry<String, byte[]> f : fields(body).entrySet()) {
            if (f.getKey().equals("performance")) {
                continue;
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            out.writeBytes(quote(f.getKey()));
            out.write(':');
            out.writeBytes(f.getValue());
        }
        out.write('}');
        return out.toByteArray();
    }

    /** A JSON string literal. */
    static byte[] quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s, b);
        return b.append('"').toString().getBytes(StandardCharsets.UTF_8);
    }

    static boolean isNull(byte[] raw) {
        return raw == null || text(raw).equals("null");
    }

    static long number(byte[] raw, String field) {
        try {
            return Long.parseLong(text(raw));
        } catch (RuntimeException e) {
            throw new CliFailure("the server's answer has no number in " + field);
        }
    }

    static String text(byte[] raw) {
        return new String(raw, StandardCharsets.UTF_8).strip();
    }

    /** The string a raw JSON string literal holds. */
    static String string(byte[] raw) {
        try (JsonParser p = FACTORY.createParser(raw)) {
            return p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
