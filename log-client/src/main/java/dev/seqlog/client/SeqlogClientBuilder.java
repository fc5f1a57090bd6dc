package dev.seqlog.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * Builds a {@link SeqlogClient}: {@code SeqlogClient.builder(uri).token(key).build()}. Every option states its
 * default. Not thread-safe.
 */
public final class SeqlogClientBuilder {
    final URI baseUri;
    String token;
    Duration connectTimeout = Duration.ofSeconds(10);
    Duration requestTimeout = Duration.ofSeconds(30);
    HttpClient httpClient;
    ExecutorService executor;
    int reconnectAttempts = 5;
    Duration reconnectDelay = Duration.ofSeconds(2);
    Duration streamSilence = Duration.ofSeconds(35);
    Duration readyTimeout = Duration.ofMinutes(5);

    SeqlogClientBuilder(URI baseUri) {
        Objects.requireNonNull(baseUri, "baseUri");
        if (baseUri.getScheme() == null || baseUri.getHost() == null) {
            throw new IllegalArgumentException("baseUri needs a scheme and a host, e.g. http://127.0.0.1:4000");
        }
        this.baseUri = baseUri;
    }

    /**
     * Sets the API key sent as {@code Authorization: Bearer} (API §1.3). Default: none, for a server in dev
     * mode.
     *
     * @param v the key, or null for none
     * @return this builder
     */
    public SeqlogClientBuilder token(String v) {
        this.token = v == null || v.isEmpty() ? null : v;
        return this;
    }

    /**
     * Sets how long opening a connection may take. Default: 10 seconds. Ignored when
     * {@link #httpClient(HttpClient)} is given (that client's own setting applies).
     *
     * @param v a positive duration
     * @return this builder
     */
    public SeqlogClientBuilder connectTimeout(Duration v) {
        this.connectTimeout = positive(v, "connectTimeout");
        return this;
    }

    /**
     * Sets how long a call may wait for its answer. A long-poll waits its {@code wait_ms} on top of this;
     * watch and work streams are not bounded by it. Default: 30 seconds.
     *
     * @param v a positive duration
     * @return this builder
     */
    public SeqlogClientBuilder requestTimeout(Duration v) {
        this.requestTimeout = positive(v, "requestTimeout");
        return this;
    }

    /**
     * Uses this HTTP client instead of building one; the client is not closed by {@link SeqlogClient#close()}.
     * It should speak HTTP/1.1 (seqlog serves HTTP/1.1 only). Default: a client built and owned by this
     * {@code SeqlogClient}, HTTP/1.1, with {@link #connectTimeout} and the executor below.
     *
     * @param v the client, or null for the default
     * @return this builder
     */
    public SeqlogClientBuilder httpClient(HttpClient v) {
        this.httpClient = v;
        return this;
    }

    /**
     * Sets the executor for completions, subscriber signals and record sinks; it is not shut down by
     * {@link SeqlogClient#close()}. Default: four daemon threads owned by the client, ending when idle and
     * when it closes.
     *
     * @param v the executor, or null for the default
     * @return this builder
     */
    public SeqlogClientBuilder executor(ExecutorService v) {
        this.executor = v;
        return this;
    }

    /**
     * Sets how many reconnects in a row a watch subscription tries after losing its stream before it fails.
     * Default: 5.
     *
     * @param v 0 or more
     * @return this builder
     */
    public SeqlogClientBuilder reconnectAttempts(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("reconnectAttempts must be >= 0");
        }
        this.reconnectAttempts = v;
        return this;
    }

    /**
     * Sets the wait before each watch reconnect. Default: 2 seconds, the {@code retry} a server advertises.
     *
     * @param v zero or positive
     * @return this builder
     */
    public SeqlogClientBuilder reconnectDelay(Duration v) {
        if (v == null || v.isNegative()) {
            throw new IllegalArgumentException("reconnectDelay must be zero or positive");
        }
        this.reconnectDelay = v;
        return this;
    }

    /**
     * Sets how long a watch connection may stay silent, while its subscriber wants events, before it is taken for
     * dead and replaced by a new one that resumes where it was (API §8.6: the server sends a heartbeat every
     * 15 s, so a live connection is never silent that long). Default: 35 seconds.
     *
     * @param v the silence, at least 1 ms
     * @return this builder
     */
    public SeqlogClientBuilder streamSilenceTimeout(Duration v) {
        this.streamSilence = positive(v, "streamSilenceTimeout");
        return this;
    }

    /**
     * Sets how long {@link SeqlogClient#awaitReady()} waits for a recovering or starting server. Default:
     * 5 minutes.
     *
     * @param v a positive duration
     * @return this builder
     */
    public SeqlogClientBuilder readyTimeout(Duration v) {
        this.readyTimeout = positive(v, "readyTimeout");
        return this;
    }

    /**
     * Builds the client. No connection is made until the first call.
     *
     * @return the client
     */
    public SeqlogClient build() {
        return new SeqlogClient(this);
    }

    private static Duration positive(Duration v, String name) {
        if (v == null || v.isNegative() || v.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return v;
    }
}
