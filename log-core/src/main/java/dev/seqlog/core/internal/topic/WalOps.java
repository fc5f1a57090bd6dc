package dev.seqlog.core.internal.topic;

import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.internal.format.AppendBody;
import dev.seqlog.core.internal.format.PersistedCodes;
import dev.seqlog.core.internal.format.WalBodies;

import java.nio.ByteBuffer;

/**
 * The WAL frame bodies a topic logs, as the topic calls them; the layouts and codecs live in the format
 * package ({@link WalBodies}, {@link AppendBody}, {@link PersistedCodes}).
 *
 * <p>Stateless; thread-safe.
 */
public final class WalOps {
    static final byte MATCH_NONE = PersistedCodes.MATCH_NONE;
    static final byte MATCH_EQ = PersistedCodes.MATCH_EQ;
    static final byte MATCH_PREFIX = PersistedCodes.MATCH_PREFIX;

    private WalOps() {
    }

    static ByteBuffer create(long id, long lsn, String name, TopicConfig c) {
        return WalBodies.create(id, lsn, name, c);
    }

    static ByteBuffer config(long id, long lsn, TopicConfig c) {
        return WalBodies.config(id, lsn, c);
    }

    static ByteBuffer drop(long id, long lsn) {
        return WalBodies.drop(id, lsn);
    }

    static ByteBuffer expire(long id, long lsn, long upTo) {
        return WalBodies.expire(id, lsn, upTo);
    }

    static ByteBuffer reserve(long id, long lsn, long through) {
        return WalBodies.reserve(id, lsn, through);
    }

    static ByteBuffer delete(long id, long lsn, long bound, byte match, String value) {
        return WalBodies.delete(id, lsn, bound, match, value);
    }

    static ByteBuffer deleteSeqs(long id, long lsn, long[] seqs, int n) {
        return WalBodies.deleteSeqs(id, lsn, seqs, n);
    }

    static ByteBuffer append(long id, long lsn, long firstSeq, long ts, EncodedBatch batch) {
        return AppendBody.encode(id, lsn, firstSeq, ts, batch);
    }
}
