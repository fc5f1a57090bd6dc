package dev.seqlog.server.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Calls the /v0 API of a server for the client commands, over java.net.http. A non-2xx answer becomes an
 * {@link ApiFailure} carrying the status and the server's error code and message (API §1.9); an unreachable
 * server does too, with no status. Immutable over a thread-safe HTTP client, so the threads of one command
 * (bench) may share it.
 */
final class ApiClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Long enough for the longest long-poll (30 s, API §4.4) plus a slow answer. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private static HttpClient shared;

    private final String base;
    private final String token;
    private final HttpClient http;

    /**
     * @param url the server, with or without a trailing {@code /v0}
     * @param token the bearer token, or null when auth is off
     */
    ApiClient(String url, String token) {
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.base = u.endsWith("/v0") ? u : u + "/v0";
        this.token = token == null || token.isEmpty() ? null : token;
        this.http = shared();
    }

    /**
     * One client per process, built on first use: a command makes its calls one after another, and a single
     * client with two pre-started daemon threads never holds the JVM open nor starts threads mid-command.
     */
    static synchronized HttpClient shared() {
        if (shared == null) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "seqlog-cli-http");
                        t.setDaemon(true);
                        return t;
                    });
            pool.prestartAllCoreThreads();
            shared = HttpClient.newBuilder().executor(pool).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(CONNECT_TIMEOUT).build();
        }
        return shared;
    }

    /** A path segment with every byte outside the unreserved set percent-encoded. */
    static String segment(String name) {
        StringBuilder b = new StringBuilder();
        for (byte x : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~')) {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", x & 0xff));
            }
        }
        return b.toString();
    }

    byte[] get(String path) {
        return send("GET", path, null);
    }

    byte[] put(String path, byte[] json) {
        return send("PUT", path, json);
    }

    byte[] post(String path, byte[] json) {
        return send("POST", path, json);
    }

    byte[] delete(String path) {
        return send("DELETE", path, null);
    }

    /**
     * Opens a server-sent-events stream (API §8.3) and returns its body as it arrives. Without a request
     * timeout: the stream lives as long as the server keeps it, with heartbeats in between.
     *
     * @param lastEventId sent as {@code Last-Event-ID} to resume, or null
     */
    InputStream stream(String path, String lastEventId) {
        HttpRequest.Builder r = request(path).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            r.header("Last-Event-ID", lastEventId);
        }
        return open(r);
    }

    /**
     * Starts a GET whose body is read as it arrives (a backup archive).
     *
     * @param path the path under /v0
     * @param accept the media type asked for
     * @return the body, once the server answered 2xx
     */
    InputStream download(String path, String accept) {
        return open(request(path).header("Accept", accept).GET());
    }

    private InputStream open(HttpRequest.Builder r) {
        HttpResponse<InputStream> response = exchange(r, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readAllBytes();
            } catch (IOException e) {
                body = new byte[0];
            }
            throw new ApiFailure(errorLine(response.statusCode(), body), response.statusCode());
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path) {
        URI uri;
        try {
            uri = URI.create(base + path);
        } catch (IllegalArgumentException e) {
            throw new CliFailure("invalid server URL " + base + ": " + e.getMessage());
        }
        HttpRequest.Builder r = HttpRequest.newBuilder(uri);
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return r;
    }

    private byte[] send(String method, String path, byte[] json) {
        HttpRequest.Builder r = request(path).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(json));
        if (json != null) {
            r.header("Content-Type", "application/json");
        }
        HttpResponse<byte[]> response = exchange(r, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new ApiFailure(errorLine(response.statusCode(), response.body()), response.statusCode());
        }
        return response.body();
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder r, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(r.build(), handler);
        } catch (ConnectException e) {
            throw new ApiFailure("cannot reach " + base + ": connection refused", ApiFailure.NO_ANSWER);
        } catch (HttpTimeoutException e) {
            throw new ApiFailure("no answer from " + base + ": " + e.getMessage(), ApiFailure.NO_ANSWER);
        } catch (IOException e) {
            throw new ApiFailure("cannot reach " + base + ": " + e, ApiFailure.NO_ANSWER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
    }

    /** {@code code: message (HTTP status)} from the error envelope, or the status alone. */
    static String errorLine(int status, byte[] body) {
        String code = null;
        String message = null;
        try (JsonParser p = Jsons.FACTORY.createParser(body)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    p.nextToken();
                    if (!f.equals("error") || p.currentToken() != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String g = p.currentName();
                        p.nextToken();
                        if (g.equals("code") && p.currentToken() == JsonToken.VALUE_STRING) {
                            code = p.getText();
                        } else if (g.equals("message") && p.currentToken() == JsonToken.VALUE_STRING) {
                            message = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            }
        } catch (IOException e) {
            // not an envelope (a proxy's page, say): report the status alone
        }
        if (code == null) {
            return "server answered HTTP " + status;
        }
        return code + ": " + (message == null ? "" : message) + " (HTTP " + status + ")";
    }
}
