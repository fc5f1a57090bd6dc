package dev.seqlog.client;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A request body being written: a jackson generator over a growable byte buffer, plus {@link #raw} to place a
 * value's bytes as they are. Payloads are JSON already (canonicalised when their {@code RecordInput} was built),
 * so they are copied, never parsed again. Confined to one thread.
 */
final class JsonOut {
    private final ByteArrayOutputStream out;
    /** The generator; write the structure around payloads with it. */
    final JsonGenerator g;

    /** @param sizeHint expected body size in bytes */
    JsonOut(int sizeHint) {
        this.out = new ByteArrayOutputStream(Math.max(64, sizeHint));
        try {
            this.g = Json.FACTORY.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes one value's bytes unchanged where the generator expects a value (after a field name, or as an array
     * element): the generator writes the separator, then the bytes follow it directly.
     *
     * @param b the buffer
     * @param off where the value starts
     * @param len its length
     */
    void raw(byte[] b, int off, int len) throws IOException {
        g.writeRawValue(""); // separator and state only
        g.flush();
        out.write(b, off, len);
    }

    /** @return the finished document */
    byte[] finish() {
        try {
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory only
        }
        return out.toByteArray();
    }

    /**
     * Builds a document with one writer function.
     *
     * @param sizeHint expected size
     * @param body writes the whole document
     * @return the bytes
     */
    static byte[] write(int sizeHint, Body body) {
        JsonOut o = new JsonOut(sizeHint);
        try {
            body.write(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory only
        }
        return o.finish();
    }

    /** Writes a document. */
    @FunctionalInterface
    interface Body {
        /**
         * @param o the output
         * @throws IOException from the generator (never, in memory)
         */
        void write(JsonOut o) throws IOException;
    }
}
