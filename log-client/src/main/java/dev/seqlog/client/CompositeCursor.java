package dev.seqlog.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The composite cursor of a watch stream (API §8.4): every topic's cursor as a JSON object, keys in ascending
 * order, in unpadded base64url. It is the SSE {@code id:} of every frame that moves a cursor and what the client
 * sends back as {@code Last-Event-ID}. Stateless.
 */
final class CompositeCursor {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private CompositeCursor() {
    }

    /**
     * @param cursors topic name to cursor
     * @return the id
     */
    static String encode(Map<String, Long> cursors) {
        byte[] json = JsonOut.write(16 + 24 * cursors.size(), o -> {
            o.g.writeStartObject();
            for (Map.Entry<String, Long> e : new TreeMap<>(cursors).entrySet()) {
                o.g.writeNumberField(e.getKey(), e.getValue());
            }
            o.g.writeEndObject();
        });
        return ENCODER.encodeToString(json);
    }

    /**
     * @param id an id from a stream
     * @return topic name to cursor, ascending by name, or null if {@code id} is not a composite cursor
     */
    static Map<String, Long> decode(String id) {
        if (id == null || id.isEmpty()) {
            return null;
        }
        try (JsonIn in = new JsonIn(DECODER.decode(id.trim().getBytes(StandardCharsets.US_ASCII)))) {
            in.expectObject();
            Map<String, Long> out = new TreeMap<>();
            String f;
            while ((f = in.field()) != null) {
                out.put(f, in.num());
            }
            return Collections.unmodifiableMap(out);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
