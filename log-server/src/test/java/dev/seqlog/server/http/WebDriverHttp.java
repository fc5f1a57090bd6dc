package dev.seqlog.server.http;

import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.remote.http.Contents;
import org.openqa.selenium.remote.http.HttpClient;
import org.openqa.selenium.remote.http.HttpHandler;
import org.openqa.selenium.remote.http.HttpRequest;
import org.openqa.selenium.remote.http.HttpResponse;
import org.openqa.selenium.remote.http.WebSocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The WebDriver protocol carried over {@link HttpURLConnection}, one blocking call at a time on the caller's
 * thread. Selenium's own client hands each request to a cached thread pool, whose threads appear during a test and
 * linger for a minute after it, which the strict test extension rightly reports as leaks; this one starts no
 * thread (the JDK's keep-alive cleaner aside, which the extension expects). No WebSocket: the tests use WebDriver
 * commands only. Thread-safe (no shared mutable state).
 */
final class WebDriverHttp implements HttpClient {
    private final ClientConfig config;
    private final HttpHandler handler;

    /** A client for the driver at {@code config.baseUri()}; hand it to Selenium's HttpCommandExecutor. */
    WebDriverHttp(ClientConfig config) {
        this.config = config;
        this.handler = config.filter().andFinally(this::send);
    }

    @Override
    public HttpResponse execute(HttpRequest request) {
        return handler.execute(request);
    }

    @Override
    public WebSocket openSocket(HttpRequest request, WebSocket.Listener listener) {
        throw new UnsupportedOperationException("the console tests use WebDriver commands only");
    }

    private HttpResponse send(HttpRequest request) {
        try {
            HttpURLConnection c = (HttpURLConnection) target(request).toURL().openConnection(Proxy.NO_PROXY);
            c.setRequestMethod(request.getMethod().toString());
            c.setConnectTimeout((int) config.connectionTimeout().toMillis());
            c.setReadTimeout((int) config.readTimeout().toMillis());
            for (String name : request.getHeaderNames()) {
                if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Host")) {
                    for (String value : request.getHeaders(name)) {
                        c.addRequestProperty(name, value);
                    }
                }
            }
            byte[] body = Contents.bytes(request.getContent());
            if (body.length > 0 || "POST".equals(c.getRequestMethod())) {
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            byte[] bytes;
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                bytes = in == null ? new byte[0] : in.readAllBytes();
            }
            HttpResponse response = new HttpResponse().setStatus(status);
            for (Map.Entry<String, List<String>> h : c.getHeaderFields().entrySet()) {
                if (h.getKey() != null) {
                    h.getValue().forEach(v -> response.addHeader(h.getKey(), v));
                }
            }
            response.setContent(Contents.bytes(bytes));
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's base URI plus the command's path and query. */
    private URI target(HttpRequest request) {
        String base = config.baseUri().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        for (String name : request.getQueryParameterNames()) {
            for (String value : request.getQueryParameters(name)) {
                query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return URI.create(base + request.getUri() + query);
    }
}
