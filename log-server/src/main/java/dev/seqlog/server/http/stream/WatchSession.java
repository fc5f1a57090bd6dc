package dev.seqlog.server.http.stream;

import dev.seqlog.api.WatchPosition;
import dev.seqlog.api.WatchPublisher;
import dev.seqlog.server.auth.ApiKey;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A watch session (API §8.1, SEMANTICS §16): the bound watch, the creating key, the stream options, and each
 * topic's cursor as of the last frame handed to a connection. At most one stream is attached; the session
 * expires once none has been for the TTL. Thread-safe.
 */
public final class WatchSession {
    /** A stream attached to a session: it can be told to end when another takes over. */
    public interface Stream {
        /**
         * Ends the stream with a terminal error frame.
         *
         * @param code the HTTP-like code
         * @param message human text
         * @param kind the stable kind
         */
        void terminate(int code, String message, String kind);
    }

    private final String wid;
    private final ApiKey creator;
    private final WatchPublisher watch;
    private final StreamOptions options;
    private Map<String, Long> cursors;
    private Stream attached;
    /** When the last stream detached (or the session was made), on the sessions' clock. */
    private long idleSince;

    WatchSession(String wid, ApiKey creator, WatchPublisher watch, StreamOptions options, long now) {
        this.wid = wid;
        this.creator = creator;
        this.watch = watch;
        this.options = options;
        Map<String, Long> start = new TreeMap<>();
        for (Map.Entry<String, WatchPosition> e : watch.positions().entrySet()) {
            start.put(e.getKey(), e.getValue().fromSeq());
        }
        this.cursors = Collections.unmodifiableMap(start);
        this.idleSince = now;
    }

    /** @return the session id */
    public String wid() {
        return wid;
    }

    /** @return the key that created the session */
    public ApiKey creator() {
        return creator;
    }

    /** @return the bound watch */
    public WatchPublisher watch() {
        return watch;
    }

    /** @return how streams of this session render and pace frames */
    public StreamOptions options() {
        return options;
    }

    /** @return each topic's cursor as of the last frame handed to a connection */
    public synchronized Map<String, Long> cursors() {
        return cursors;
    }

    /**
     * Where a new stream starts (API §8.4): the session's cursors, each lowered to the {@code Last-Event-ID}
     * value for that topic when that is lower.
     *
     * @param lastEventId the decoded header, or null
     * @return topic name to starting cursor
     */
    public synchronized Map<String, Long> startFor(Map<String, Long> lastEventId) {
        if (lastEventId == null) {
            return cursors;
        }
        Map<String, Long> start = new TreeMap<>(cursors);
        for (Map.Entry<String, Long> e : lastEventId.entrySet()) {
            Long mine = start.get(e.getKey());
            if (mine != null && e.getValue() < mine) {
                start.put(e.getKey(), e.getValue());
            }
        }
        return start;
    }

    /** Records the cursors a frame handed to the connection carries. */
    synchronized void handedOut(Stream from, Map<String, Long> now) {
        if (attached == from) {
            cursors = now;
        }
    }

    /** Attaches {@code s}; returns the stream it supersedes, or null. */
    synchronized Stream attach(Stream s) {
        Stream old = attached;
        attached = s;
        return old;
    }

    /** Detaches {@code s} if it is still the attached stream. */
    synchronized void detach(Stream s, long now) {
        if (attached == s) {
            attached = null;
            idleSince = now;
        }
    }

    /** Whether the session has had no stream for longer than {@code ttlMs}. */
    synchronized boolean expired(long now, long ttlMs) {
        return attached == null && now - idleSince >= ttlMs;
    }
}
