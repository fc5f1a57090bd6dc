package dev.seqlog.core.internal.topic;

import dev.seqlog.api.Names;
import dev.seqlog.api.SeqlogException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque list cursor of API §1.11: base64url (unpadded) of {@code {"after":"<name>"}}. Names are
 * ASCII without quotes or backslashes, so no JSON escaping is involved.
 *
 * <p>Stateless; thread-safe.
 */
public final class ListCursor {
    private static final String PREFIX = "{\"after\":\"";
    private static final String SUFFIX = "\"}";

    private ListCursor() {
    }

    /**
     * @param lastName the last name on the page
     * @return the cursor
     */
    public static String encode(String lastName) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + lastName + SUFFIX).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param cursor a cursor from {@link #encode}
     * @return the name to start after
     * @throws SeqlogException invalid_request if the cursor cannot be decoded
     */
    public static String decode(String cursor) {
        String json;
        try {
            json = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw SeqlogException.invalid("cursor", "cursor cannot be decoded");
        }
        if (!json.startsWith(PREFIX) || !json.endsWith(SUFFIX) || json.length() < PREFIX.length() + SUFFIX.length()) {
            throw SeqlogException.invalid("cursor", "cursor cannot be decoded");
        }
        String name = json.substring(PREFIX.length(), json.length() - SUFFIX.length());
        if (!name.isEmpty() && !Names.isValidRouter(name)) { // router names: topic names and ">"
            throw SeqlogException.invalid("cursor", "cursor cannot be decoded");
        }
        return name;
    }
}
