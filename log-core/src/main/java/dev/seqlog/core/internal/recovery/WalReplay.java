package dev.seqlog.core.internal.recovery;

import dev.seqlog.core.internal.topic.TopicLog;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.internal.format.AppendBody;
import dev.seqlog.core.internal.format.ForwardTrailer;
import dev.seqlog.core.internal.format.RouterBody;
import dev.seqlog.core.internal.format.WalBodies;
import dev.seqlog.core.internal.format.CorruptionException;
import dev.seqlog.core.internal.format.UnsupportedFormatException;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Applies WAL frame bodies to topic instances, keyed by topic id so that a deleted instance and a
 * recreated one of the same name never mix, whatever shard each was logged in. Bodies are decoded through
 * the format package's {@link WalBodies} and {@link AppendBody}.
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
    private final CatalogReplay catalog;
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
     * @param catalog receives the router catalog's frames and the progress destination frames carry
     */
    public WalReplay(Factory factory, CatalogReplay catalog) {
        this.factory = factory;
        this.catalog = catalog;
    }

    /**
     * Applies one frame body.
     *
     * @param body the body, offset 0 = its type byte
     * @throws UnsupportedFormatException for a frame type this build does not know
     * @throws CorruptionException for a body that does not decode (an unknown code, records that do not fit)
     */
    public void apply(ByteBuffer body) throws UnsupportedFormatException, CorruptionException {
        byte type = WalBodies.type(body);
        long id = WalBodies.topicId(body);
        long lsn = WalBodies.lsn(body);
        if (type == WalBodies.ROUTER && id == RouterBody.CATALOG_ID) {
            catalog.frame(body); // the catalog skips what its snapshot section holds
            return;
        }
        if (type == WalBodies.FORWARD) {
            AppendBody.check(body);
            int at = AppendBody.recordsEnd(body);
            catalog.progress(ForwardTrailer.routerId(body, at), ForwardTrailer.cursor(body, at),
                    ForwardTrailer.total(body, at));
        } else if (type == WalBodies.TRIM) {
            WalBodies.trimSeq(body);
            int at = WalBodies.trimTrailer(body);
            catalog.progress(ForwardTrailer.routerId(body, at), ForwardTrailer.cursor(body, at),
                    ForwardTrailer.total(body, at));
        }
        maxId = Math.max(maxId, id);
        TopicLog t = byId.get(id);
        if (t != null && !t.replay().accept(lsn)) {
            return; // the snapshot already holds this frame's effect
        }
        if (type == WalBodies.CREATE) {
            if (t != null) {
                return;
            }
            TopicLog created = factory.create(WalBodies.createName(body), id, WalBodies.createConfig(body));
            created.replay().begin();
            created.replay().accept(lsn);
            byId.put(id, created);
            return;
        }
        switch (type) {
            case WalBodies.CONFIG:
                TopicConfig c = WalBodies.config(body);
                if (t != null) {
                    t.replay().config(c);
                }
                break;
            case WalBodies.DROP:
                if (t != null) {
                    byId.remove(id).lifecycle().end(false, 0, false);
                }
                break;
            case WalBodies.APPEND:
            case WalBodies.FORWARD:
                AppendBody.check(body);
                if (t != null && AppendBody.count(body) > 0) { // a FORWARD without records carries progress only
                    t.replay().append(AppendBody.firstSeq(body), AppendBody.ts(body), body);
                }
                break;
            case WalBodies.DELETE:
                byte match = WalBodies.deleteMatch(body);
                if (t != null) {
                    t.replay().delete(WalBodies.deleteBound(body), match, WalBodies.deleteValue(body));
                }
                break;
            case WalBodies.EXPIRE:
                if (t != null) {
                    t.replay().expire(WalBodies.expireUpTo(body));
                }
                break;
            case WalBodies.DELETE_SEQS:
                long[] seqs = WalBodies.deletedSeqs(body);
                if (t != null) {
                    t.replay().deleteSeqs(seqs);
                }
                break;
            case WalBodies.LEASES:
                if (t != null) {
                    t.replay().attachment(body);
                }
                break;
            case WalBodies.TRIM:
                if (t != null) {
                    t.replay().trim(WalBodies.trimSeq(body), WalBodies.trimMissed(body));
                }
                break;
            case WalBodies.RESERVE:
                if (t != null) {
                    t.replay().reserve(WalBodies.reservedThrough(body));
                }
                break;
            default:
                throw new UnsupportedFormatException("unknown WAL frame type: type=" + type + " topicId=" + id
                        + " lsn=" + lsn);
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
