package dev.seqlog.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends hand-written HTTP/1.1 requests that java.net.http refuses to build (malformed URIs, framing headers).
 * Stateless.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** Sends the request head (plus body) with Connection: close and returns the whole response text. */
    static String send(int port, String head, byte[] body) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write((head + "\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                s.getOutputStream().write(body);
            }
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends exactly these bytes, adding no header, and reads until the server closes the connection. A
     * server that keeps the connection open makes the read time out, which fails the caller.
     */
    static String exchange(int port, byte[] request, int timeoutMs) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(timeoutMs);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.getInputStream().transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    /** The first value of a response header (name compared case-insensitively), or null. */
    static String header(String response, String name) {
        int end = response.indexOf("\r\n\r\n");
        for (String line : response.substring(0, end < 0 ? response.length() : end).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The response body: everything after the blank line that ends the head. */
    static String body(String response) {
        int end = response.indexOf("\r\n\r\n");
        return end < 0 ? "" : response.substring(end + 4);
    }
}
