package dev.seqlog.core.watch;

import dev.seqlog.core.internal.notify.HeadListeners;
import dev.seqlog.core.internal.notify.Listener;
import dev.seqlog.core.internal.topic.TopicLog;

/**
 * One topic of a delivery: its cursor and caught-up state, and the listener that tells the delivery when
 * the topic's head moves past what was last read or the instance ends.
 *
 * <p>The cursor and flags are confined to the delivery's drain; {@link #dirty}, {@link #armed} and
 * {@link #ended} are also written by the listener callbacks, which run on a publisher's thread.
 */
final class TopicFollow extends Listener {
    final String name;
    final TopicLog topic;
    private final WatchDelivery delivery;
    /** The cursor reads start from: advanced when a read is taken, before its events are handed out. */
    long readCursor;
    /** No read has run yet since the delivery started: a floor gap is {@code from_seq_too_old}. */
    boolean first = true;
    /** The last read ended short of the head (or none ran): the next one that reaches it reports caught-up. */
    boolean shortOfHead = true;
    /** The head the last read saw: the listener waits for a head above it. */
    long seenHead;
    /** Something may be there to read. */
    volatile boolean dirty = true;
    /** Armed on the topic's listeners. */
    volatile boolean armed;
    /** The instance ended (deleted, or the engine closed). */
    volatile boolean ended;

    TopicFollow(String name, TopicLog topic, long from, WatchDelivery delivery) {
        this.name = name;
        this.topic = topic;
        this.readCursor = from;
        this.delivery = delivery;
    }

    /**
     * Arms the listener after the head last seen, from the drain.
     *
     * @return false if the head already moved on or the instance ended: the follow is dirty again
     */
    boolean arm() {
        armed = true;
        if (topic.listeners().arm(this, seenHead, HeadListeners.NO_DEADLINE)) {
            return true;
        }
        armed = false;
        dirty = true;
        return false;
    }

    void disarm() {
        if (armed) {
            topic.listeners().disarm(this);
            armed = false;
        }
    }

    @Override
    protected void onHead(long head) {
        dirty = true; // before armed: a drain that sees armed false then also sees dirty, and does not re-arm
        armed = false;
        delivery.schedule();
    }

    @Override
    protected void onTimeout() {
        // armed without a deadline
    }

    @Override
    protected void onEnd() {
        ended = true;
        dirty = true;
        armed = false;
        delivery.schedule();
    }
}
