package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.seqlog.api.CanonicalJson;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** The one configured jackson-core factory of the server. Thread-safe. */
public final class Json {
    /**
     * How deep a stored payload sits in a write body: the body object, the {@code records} array and
     * the record object are open around it.
     */
    static final int ENVELOPE_DEPTH = 3;

    /**
     * Strict reading (no comments, NaN or leading zeros). Size limits are the server's own, applied
     * before parsing, so jackson's length constraints are lifted to avoid a second, inconsistent limit.
     * Payloads are validated by {@link CanonicalJson} before the parser skips over them, so jackson's
     * nesting bound only has to leave room for a payload at {@link CanonicalJson#MAX_DEPTH} inside its
     * envelope; it is never the limit a payload meets. Parsers read UTF-8 only ({@link Utf8JsonFactory}).
     */
    static final JsonFactory FACTORY = new Utf8JsonFactory(new JsonFactoryBuilder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxNestingDepth(CanonicalJson.MAX_DEPTH + ENVELOPE_DEPTH)
                    .build())
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            // keep astral characters as 4-byte UTF-8 instead of \\u surrogate escapes
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8));

    private Json() {
    }

    /**
     * A UTF-8 parser over a byte range; token byte offsets are indexes into {@code buf}. The bytes must
     * have been checked to be UTF-8 ({@link StrictUtf8}) if decoded strings are used.
     *
     * @param buf bytes
     * @param off start
     * @param len length
     * @return the parser
     */
    public static JsonParser parser(byte[] buf, int off, int len) {
        try {
            return FACTORY.createParser(buf, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A UTF-8 generator writing to {@code out}, with no separator between root values.
     *
     * @param out the target
     * @return the generator
     */
    public static JsonGenerator generator(OutputStream out) {
        try {
            JsonGenerator g = FACTORY.createGenerator(out);
            g.setRootValueSeparator(null);
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
