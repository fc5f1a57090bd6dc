package dev.seqlog.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.seqlog.api.CanonicalJson;

/** The client's one jackson-core factory. Thread-safe. */
final class Json {
    /**
     * Payloads come back exactly as they were stored, so the parser must accept whatever a server accepted: no
     * length limits of its own, and room for a payload at the deepest nesting inside a response's envelope
     * (response object, records array, record object, and a spare level).
     */
    static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxNestingDepth(CanonicalJson.MAX_DEPTH + 4)
                    .build())
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            // an astral character in a tag or node goes out as 4-byte UTF-8, not as an escaped surrogate pair
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private Json() {
    }
}
