package dev.seqlog.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP request per call through HttpURLConnection, which starts no client threads of its own; for
 * tests that talk to a server in another process. Stateless; thread-safe.
 */
public final class UrlClient {
    private UrlClient() {
    }

    /**
     * Sends one request.
     *
     * @param base {@code http://host:port}
     * @param method the method
     * @param path the path and query
     * @param body a JSON body, or null for none
     * @return {@code "<status> <body>"}
     * @throws IOException when the server cannot be reached or the connection breaks
     */
    public static String send(String base, String method, String path, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(base + path).openConnection();
        try {
            c.setRequestMethod(method);
            c.setConnectTimeout(5000);
            c.setReadTimeout(30_000);
            if (body != null) {
                c.setRequestProperty("Content-Type", "application/json");
                c.setDoOutput(true);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                return status + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            c.disconnect();
        }
    }
}
