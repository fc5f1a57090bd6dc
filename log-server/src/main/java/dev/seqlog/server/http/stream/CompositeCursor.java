package dev.seqlog.server.http.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.api.Names;
import dev.seqlog.server.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The composite cursor of API §8.4: every topic's cursor as a JSON object with keys in ascending byte order,
 * in unpadded base64url. Topic names are ASCII, so the ascending order of {@link String} keys is byte order.
 * Stateless.
 */
public final class CompositeCursor {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** Longest id accepted: 256 topics of 255 bytes with 20-digit cursors fit, with room. */
    private static final int MAX_ID_CHARS = 128 << 10;

    private CompositeCursor() {
    }

    /**
     * Encodes cursors.
     *
     * @param cursors topic name to cursor, ascending by name
     * @return the id
     */
    public static String encode(Map<String, Long> cursors) {
        StringBuilder json = new StringBuilder(16 + cursors.size() * 24).append('{');
        for (Map.Entry<String, Long> e : cursors.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(e.getKey()).append("\":").append(e.getValue().longValue());
        }
        return ENCODER.encodeToString(json.append('}').toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Decodes an id.
     *
     * @param id the id (padding tolerated)
     * @return topic name to cursor, or null if {@code id} is not a valid composite cursor
     */
    public static Map<String, Long> decode(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_CHARS) {
            return null;
        }
        byte[] json;
        try {
            json = DECODER.decode(id.trim());
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        Map<String, Long> out = new TreeMap<>();
        try (JsonParser p = Json.parser(json, 0, json.length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_NUMBER_INT || !Names.isValidTopic(name)
                        || p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG
                        || p.getLongValue() < 0) {
                    return null;
                }
                out.put(name, p.getLongValue());
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (IOException malformed) {
            return null;
        }
        return Collections.unmodifiableMap(out);
    }
}
