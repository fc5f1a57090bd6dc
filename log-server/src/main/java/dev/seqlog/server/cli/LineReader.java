package dev.seqlog.server.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Lines of an input as raw bytes (LF or CRLF ends a line), counted from 1. Confined to one thread. */
final class LineReader {
    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long number;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** @return the next line without its end, or null at the end of the input */
    byte[] next() throws IOException {
        line.reset();
        int c;
        boolean any = false;
        while ((c = in.read()) >= 0) {
            any = true;
            if (c == '\n') {
                break;
            }
            line.write(c);
        }
        if (!any) {
            return null;
        }
        number++;
        byte[] b = line.toByteArray();
        int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
        return n == b.length ? b : java.util.Arrays.copyOf(b, n);
    }

    /** @return the number of the line last returned */
    long number() {
        return number;
    }
}
