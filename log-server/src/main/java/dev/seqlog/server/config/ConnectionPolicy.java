package dev.seqlog.server.config;

import java.util.Set;

/**
 * How long the server waits on a client, and how many connections one client address may hold (API §12.3).
 * A slow or stalled client costs a connection for at most these times, never a thread.
 *
 * @param headerTimeoutMs time from a request's first byte until its headers are complete
 * @param bodyTimeoutMs time from the headers until the whole body has arrived (answered 408)
 * @param idleTimeoutMs time a keep-alive connection may sit with no request
 * @param writeTimeoutMs time a response write may make no progress before the client is dropped
 * @param maxConnectionsPerAddress open connections per client IP address; 0 means no cap
 * @param bodyBytesInFlight request-body bytes held at once; a body that would pass it waits, unread; 0 means
 *        no bound
 */
public record ConnectionPolicy(long headerTimeoutMs, long bodyTimeoutMs, long idleTimeoutMs, long writeTimeoutMs,
                               int maxConnectionsPerAddress, long bodyBytesInFlight) {
    /** The variables this record reads. */
    static final Set<String> VARIABLES = Set.of("SEQLOG_HEADER_TIMEOUT_MS", "SEQLOG_BODY_TIMEOUT_MS",
            "SEQLOG_IDLE_TIMEOUT_MS", "SEQLOG_WRITE_TIMEOUT_MS", "SEQLOG_MAX_CONNECTIONS_PER_ADDRESS",
            "SEQLOG_BODY_BYTES_IN_FLIGHT");

    private static final long MAX_TIMEOUT_MS = Integer.MAX_VALUE; // the socket layer takes int milliseconds

    /**
     * @return the defaults: 10 s for headers, 60 s for a body, 60 s idle, 30 s per write, 1024 connections,
     *         256 MiB of bodies
     */
    public static ConnectionPolicy defaults() {
        return new ConnectionPolicy(10_000, 60_000, 60_000, 30_000, 1024, 256L << 20);
    }

    static ConnectionPolicy fromEnv(Env e) throws ConfigException {
        ConnectionPolicy d = defaults();
        return new ConnectionPolicy(
                e.integer("SEQLOG_HEADER_TIMEOUT_MS", d.headerTimeoutMs, 1, MAX_TIMEOUT_MS),
                e.integer("SEQLOG_BODY_TIMEOUT_MS", d.bodyTimeoutMs, 1, MAX_TIMEOUT_MS),
                e.integer("SEQLOG_IDLE_TIMEOUT_MS", d.idleTimeoutMs, 1, MAX_TIMEOUT_MS),
                e.integer("SEQLOG_WRITE_TIMEOUT_MS", d.writeTimeoutMs, 1, MAX_TIMEOUT_MS),
                (int) e.integer("SEQLOG_MAX_CONNECTIONS_PER_ADDRESS", d.maxConnectionsPerAddress, 0, Integer.MAX_VALUE),
                e.integer("SEQLOG_BODY_BYTES_IN_FLIGHT", d.bodyBytesInFlight, 0, Long.MAX_VALUE));
    }
}
