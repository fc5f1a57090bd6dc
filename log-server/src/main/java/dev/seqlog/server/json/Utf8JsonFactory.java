package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;

/**
 * A jackson factory whose byte-array parsers always read UTF-8. Jackson's own guesses the encoding from
 * the first bytes (a UTF-16 or UTF-32 byte-order mark, or NUL bytes) and then reads a UTF-16 or UTF-32
 * body as JSON; API §1.6 allows only UTF-8, and here such a body fails as malformed JSON. A byte-order
 * mark is not skipped either. Token byte offsets are indexes into the array given to the parser, whatever
 * the start offset. The parser decodes without validating: {@link StrictUtf8} checks the bytes first.
 * Thread-safe, as its superclass.
 */
final class Utf8JsonFactory extends JsonFactory {
    private static final long serialVersionUID = 1L;

    Utf8JsonFactory(JsonFactoryBuilder b) {
        super(b);
    }

    @Override
    protected JsonParser _createParser(byte[] data, int offset, int len, IOContext ctxt) {
        ctxt.setEncoding(JsonEncoding.UTF8);
        return new UTF8StreamJsonParser(ctxt, _parserFeatures, null, _objectCodec,
                _byteSymbolCanonicalizer.makeChildOrPlaceholder(_factoryFeatures), data, offset, offset + len,
                offset, false);
    }
}
