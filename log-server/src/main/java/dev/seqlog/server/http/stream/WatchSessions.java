package dev.seqlog.server.http.stream;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.WatchPublisher;
import dev.seqlog.server.auth.ApiKey;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The watch sessions of a server (API §8.1–§8.2): in memory only, each under an unguessable {@code wid}
 * ({@code wid_} and 128 random bits in unpadded base64url), capped by {@code SEQLOG_MAX_WATCH_SESSIONS}, and
 * removed once no stream has been attached for the TTL. Expired sessions are removed whenever a session is
 * created or a stream is opened. Thread-safe.
 */
public final class WatchSessions {
    /** How long a session without a stream lives (API §8.1). */
    public static final long SESSION_TTL_MS = 300_000;
    private static final Pattern WID = Pattern.compile("wid_[A-Za-z0-9_-]{22,64}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final ConcurrentHashMap<String, WatchSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final InstantSource clock;
    private final long max;
    private final long ttlMs;
    private volatile long lastSweep;

    /**
     * @param clock the clock session expiry follows
     * @param max the session cap, 0 for none
     * @param ttlMs how long a session without a stream lives
     */
    public WatchSessions(InstantSource clock, long max, long ttlMs) {
        this.clock = clock;
        this.max = max;
        this.ttlMs = ttlMs;
    }

    /** @return how long a session without a stream lives */
    public long ttlMs() {
        return ttlMs;
    }

    /**
     * Creates a session.
     *
     * @param creator the creating key
     * @param watch the bound watch
     * @param options stream options
     * @return the session
     * @throws SeqlogException throttled ({@code max_watch_sessions}) at the cap
     */
    public WatchSession create(ApiKey creator, WatchPublisher watch, StreamOptions options) {
        long now = clock.millis();
        sweepIfDue(now);
        if (max > 0 && sessions.size() >= max) {
            sweep(now);
        }
        if (max > 0 && sessions.size() >= max) {
            throw new SeqlogException(ErrorCode.THROTTLED, "too many watch sessions")
                    .with("limit", "max_watch_sessions").with("max", max);
        }
        while (true) {
            byte[] bits = new byte[16];
            random.nextBytes(bits);
            WatchSession s = new WatchSession("wid_" + B64.encodeToString(bits), creator, watch, options, now);
            if (sessions.putIfAbsent(s.wid(), s) == null) {
                return s;
            }
        }
    }

    /**
     * Whether {@code wid} is syntactically a session id.
     *
     * @param wid the path segment
     * @return true if well formed
     */
    public static boolean wellFormed(String wid) {
        return wid != null && WID.matcher(wid).matches();
    }

    /**
     * The live session {@code wid}, after removing expired ones.
     *
     * @param wid the id
     * @return the session, or null if unknown or expired
     */
    public WatchSession get(String wid) {
        long now = clock.millis();
        sweepIfDue(now);
        WatchSession s = sessions.get(wid);
        if (s != null && s.expired(now, ttlMs)) {
            sessions.remove(wid, s);
            return null;
        }
        return s;
    }

    /** @return sessions held now */
    public int size() {
        return sessions.size();
    }

    /** @return the clock reading streams use to detach */
    long now() {
        return clock.millis();
    }

    /** A full pass at most once a second: opening a thousand streams must not scan the map a thousand times. */
    private void sweepIfDue(long now) {
        if (now - lastSweep >= 1000) {
            lastSweep = now;
            sweep(now);
        }
    }

    private void sweep(long now) {
        for (Iterator<WatchSession> it = sessions.values().iterator(); it.hasNext();) {
            if (it.next().expired(now, ttlMs)) {
                it.remove();
            }
        }
    }
}
