package dev.seqlog.bench.load;

import java.io.IOException;

/**
 * One client-side HTTP/1.1 channel to the server: a request, then its response, then the next. Confined
 * to one thread; close it when done.
 */
interface HttpConnection extends AutoCloseable {

    /**
     * Sends a request and reads the whole response.
     *
     * @param method {@code GET}, {@code PUT}, {@code POST} or {@code DELETE}
     * @param path absolute path with query, e.g. {@code /v0/topics/t}
     * @param body JSON body bytes, or null for none
     * @param bodyLength bytes of {@code body} to send
     * @return the response; its body is valid until the next call on this connection
     * @throws IOException on a transport failure
     */
    Response exchange(String method, String path, byte[] body, int bodyLength) throws IOException;

    @Override
    void close();

    /**
     * A response whose body occupies {@code body[0..length)}; owned by, and confined with, the connection
     * that returned it.
     *
     * @param status the HTTP status
     * @param body the buffer holding the body
     * @param length body length in bytes
     */
    record Response(int status, byte[] body, int length) {
        /** @return the body as text, for error messages */
        String text() {
            return new String(body, 0, length, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
