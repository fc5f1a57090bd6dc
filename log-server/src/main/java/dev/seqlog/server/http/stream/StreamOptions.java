package dev.seqlog.server.http.stream;

/**
 * How a stream renders and paces its frames.
 *
 * @param heartbeatMs idle time after which a heartbeat is sent
 * @param includeTags whether records carry {@code $tag}
 * @param includeMeta whether records carry {@code meta}
 */
public record StreamOptions(long heartbeatMs, boolean includeTags, boolean includeMeta) {
    /** Default heartbeat interval. */
    public static final long DEFAULT_HEARTBEAT_MS = 15_000;
    /** Heartbeat clamp, low end. */
    public static final long MIN_HEARTBEAT_MS = 1_000;
    /** Heartbeat clamp, high end. */
    public static final long MAX_HEARTBEAT_MS = 60_000;
}
