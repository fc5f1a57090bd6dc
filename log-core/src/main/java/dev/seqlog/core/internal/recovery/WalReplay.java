package dev.seqlog.core.internal.recovery;

import dev.seqlog.core.internal.topic.TopicLog;
import dev.seqlog.core.internal.topic.WalOps;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.internal.storage.UnsupportedFormatException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Applies decoded WAL frames to topic instances, keyed by topic id so that a deleted instance and a
 * recreated one of the same name never mix, whatever shard each was logged in.
 *
 * <p>Not thread-safe: used by the recovering thread only.
 */
public final class WalReplay {
    /** Builds an instance for a CREATE frame. */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param name the topic name
         * @param id its id and epoch
         * @param config its configuration at creation
         * @return a new, empty instance
         */
        TopicLog create(String name, long id, TopicConfig config);
    }

    private final Factory factory;
    private final Map<Long, TopicLog> byId = new HashMap<>();
    private long maxId;

    /**
     * Starts replay from the topics a snapshot restored (already in replay mode).
     *
     * @param restored the restored instances
     * @param maxTopicId the highest topic id the snapshot knew
     */
    public void startFrom(Iterable<TopicLog> restored, long maxTopicId) {
        for (TopicLog t : restored) {
            byId.put(t.epoch(), t);
        }
        maxId = Math.max(maxId, maxTopicId);
    }

    /**
     * @param factory builds instances
     */
    public WalReplay(Factory factory) {
        this.factory = factory;
    }

    /**
     * Applies one frame body.
     *
     * @param body the body, type byte first
     * @throws UnsupportedFormatException for a frame type this build does not know
     */
    public void apply(ByteBuffer body) throws UnsupportedFormatException {
        byte type = body.get();
        long id = body.getLong();
        long lsn = body.getLong();
        maxId = Math.max(maxId, id);
        TopicLog t = byId.get(id);
        if (t != null && !t.replay().accept(lsn)) {
            return; // the snapshot already holds this frame's effect
        }
        if (type == WalOps.CREATE) {
            if (t != null) {
                return;
            }
            String name = WalOps.readName(body);
            TopicLog created = factory.create(name, id, WalOps.readConfig(body));
            created.replay().begin();
            created.replay().accept(lsn);
            byId.put(id, created);
            return;
        }
        switch (type) {
            case WalOps.CONFIG:
                TopicConfig c = WalOps.readConfig(body);
                if (t != null) {
                    t.replay().config(c);
                }
                break;
            case WalOps.DROP:
                if (t != null) {
                    byId.remove(id).end(false, 0, false);
                }
                break;
            case WalOps.APPEND:
                if (t != null) {
                    long first = body.getLong();
                    long ts = body.getLong();
                    t.replay().append(first, ts, body);
                }
                break;
            case WalOps.DELETE:
                if (t != null) {
                    long bound = body.getLong();
                    byte match = body.get();
                    byte[] v = new byte[body.getShort()];
                    body.get(v);
                    t.replay().delete(bound, match, new String(v, StandardCharsets.UTF_8));
                }
                break;
            case WalOps.EXPIRE:
                if (t != null) {
                    t.replay().expire(body.getLong());
                }
                break;
            case WalOps.RESERVE:
                if (t != null) {
                    t.replay().reserve(body.getLong());
                }
                break;
            default:
                throw new UnsupportedFormatException("unknown WAL frame type " + type + " for topic id " + id);
        }
    }

    /**
     * Ends replay of every surviving instance and returns them by name.
     *
     * @return the recovered topics
     */
    public Map<String, TopicLog> finish() {
        Map<String, TopicLog> byName = new HashMap<>();
        for (TopicLog t : byId.values()) {
            t.replay().finish();
            TopicLog other = byName.get(t.name());
            if (other == null || other.epoch() < t.epoch()) {
                byName.put(t.name(), t);
            }
        }
        return byName;
    }

    /** @return the highest topic id seen */
    public long maxId() {
        return maxId;
    }
}
