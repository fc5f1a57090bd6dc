package dev.seqlog.core.internal.topic;

import dev.seqlog.api.Durability;
import dev.seqlog.api.TopicConfig;

import dev.seqlog.core.internal.format.ForwardBody;
import dev.seqlog.core.internal.format.ForwardTrailer;
import dev.seqlog.core.internal.format.WalBodies;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * What one topic instance logs, per its durability class (SEMANTICS §14), and the per-topic log sequence
 * number every frame carries: {@code fsync} appends and deletes are flushed before they are acknowledged,
 * {@code disk} and {@code memory} ones are only queued, {@code ephemeral} ones are never logged; control
 * operations are always flushed.
 *
 * <p>Not thread-safe: guarded by the owning topic's lock (the futures it returns complete elsewhere).
 */
final class TopicJournal {
    private final long epoch;
    private final Journal journal;
    /** Log sequence number of the last frame this instance logged or replayed. */
    long lsn;
    /** The ticket of the last append or delete logged: durable once everything a read saw is flushed. */
    long lastRecordTicket;

    TopicJournal(long epoch, Journal journal) {
        this.epoch = epoch;
        this.journal = journal;
    }

    boolean enabled() {
        return journal.enabled();
    }

    void checkWritable() {
        journal.checkWritable();
    }

    /** Whether the class logs record operations at all. */
    static boolean logsRecords(Durability cls) {
        return cls != Durability.EPHEMERAL;
    }

    /**
     * Logs an append per its class.
     *
     * @return the ticket an {@code fsync} append waits for, else 0
     */
    long append(Durability cls, long first, long ts, EncodedBatch batch) {
        if (!journal.enabled() || !logsRecords(cls)) {
            return 0;
        }
        long t = journal.submit(epoch, WalOps.append(epoch, ++lsn, first, ts, batch), cls == Durability.FSYNC);
        lastRecordTicket = t;
        return cls == Durability.FSYNC ? t : 0;
    }

    /**
     * Logs a delete per its class.
     *
     * @return the ticket an {@code fsync} delete waits for, else 0
     */
    long delete(Durability cls, long bound, byte match, String value) {
        if (!journal.enabled() || !logsRecords(cls)) {
            return 0;
        }
        boolean sync = cls == Durability.FSYNC;
        long t = journal.submit(epoch, WalOps.delete(epoch, ++lsn, bound, match, value), sync);
        lastRecordTicket = t;
        return sync ? t : 0;
    }

    /**
     * Logs a delete of individual seqs per its class, or flushed when {@code sync}.
     *
     * @return the ticket to wait for, else 0
     */
    long deleteSeqs(Durability cls, long[] seqs, int n, boolean sync) {
        if (!journal.enabled() || !logsRecords(cls)) {
            return 0;
        }
        boolean flush = sync || cls == Durability.FSYNC;
        long t = journal.submit(epoch, WalOps.deleteSeqs(epoch, ++lsn, seqs, n), flush);
        lastRecordTicket = t;
        return flush ? t : 0;
    }

    /**
     * Logs a frame of the topic's attachment.
     *
     * @return the ticket to wait for when {@code sync}, else 0
     */
    long attachment(TopicJobs.Frame frame, boolean sync) {
        if (!journal.enabled()) {
            return 0;
        }
        long t = journal.submit(epoch, frame.encode(epoch, ++lsn), sync);
        return sync ? t : 0;
    }

    /**
     * Stamps a router's FORWARD body and logs it per the class.
     *
     * @return the ticket an {@code fsync} batch waits for, else 0
     */
    long forward(Durability cls, ByteBuffer body, long first, long ts) {
        if (!journal.enabled() || !logsRecords(cls)) {
            ForwardBody.stamp(body, 0, first, ts);
            return 0;
        }
        ForwardBody.stamp(body, ++lsn, first, ts);
        boolean sync = cls == Durability.FSYNC;
        long t = journal.submit(epoch, body, sync);
        lastRecordTicket = t;
        return sync ? t : 0;
    }

    /**
     * Logs a router's source_trim marker per the class.
     *
     * @return the ticket an {@code fsync} marker waits for, else 0
     */
    long trim(Durability cls, long seq, long missed, ForwardTrailer.Progress p) {
        if (!journal.enabled() || !logsRecords(cls)) {
            return 0;
        }
        boolean sync = cls == Durability.FSYNC;
        long t = journal.submit(epoch, WalBodies.trim(epoch, ++lsn, seq, missed, p.routerId(), p.cursor(), p.total()),
                sync);
        lastRecordTicket = t;
        return sync ? t : 0;
    }

    /** Logs an expiry; never waited for (recovery re-applies TTL from the clock). */
    void expire(Durability cls, long upTo) {
        if (journal.enabled() && logsRecords(cls)) {
            journal.submit(epoch, WalOps.expire(epoch, ++lsn, upTo), false);
        }
    }

    /** Logs a seq reservation; returns its ticket, or 0 when nothing is logged. */
    long reserve(long through, boolean sync) {
        return journal.enabled() ? journal.submit(epoch, WalOps.reserve(epoch, ++lsn, through), sync) : 0;
    }

    long create(String name, TopicConfig config) {
        return control(WalOps.create(epoch, ++lsn, name, config));
    }

    long config(TopicConfig config) {
        return control(WalOps.config(epoch, ++lsn, config));
    }

    long drop() {
        return control(WalOps.drop(epoch, ++lsn));
    }

    private long control(ByteBuffer body) {
        return journal.enabled() ? journal.submit(epoch, body, true) : 0;
    }

    boolean isDurable(long ticket) {
        return journal.isDurable(epoch, ticket);
    }

    CompletableFuture<Void> whenDurable(long ticket) {
        return journal.whenDurable(epoch, ticket);
    }

    void awaitDurable(long ticket) {
        if (ticket != 0) {
            journal.awaitDurable(epoch, ticket);
        }
    }
}
