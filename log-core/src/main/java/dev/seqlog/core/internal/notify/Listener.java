package dev.seqlog.core.internal.notify;

/**
 * A party waiting for a topic's visible head to pass a seq: a long-poll read, a watch stream, a router, a
 * queue push. It is its own node in the topic's {@link HeadListeners} index and in the {@link Deadlines}
 * heap, so arming, waking and timing out allocate nothing, and one listener re-arms any number of times.
 *
 * <p>Exactly one of the callbacks runs per arming, outside every engine lock, on the thread that decided
 * the outcome (a publisher, the deadline thread, or the thread that ended the topic). Callbacks must be
 * short: hand real work to an executor.
 */
public abstract class Listener extends IndexedHeap.Node {
    // guarded by the owning HeadListeners' monitor
    long afterSeq;
    boolean armed;
    Listener prev;
    Listener next;
    HeadListeners.Bucket bucket;
    HeadListeners owner;
    /** Rises with every arming, so a deadline taken before a re-arm cannot expire the new arming. */
    long generation;
    /** Whether this arming has a deadline to cancel. */
    boolean timed;

    // guarded by the Deadlines lock, with the heap node's key (the deadline) and position
    long scheduledGeneration;

    /**
     * The visible head passed the seq this listener waited after.
     *
     * @param head the new visible head
     */
    protected abstract void onHead(long head);

    /** The deadline given when arming passed on the engine clock. */
    protected abstract void onTimeout();

    /** The topic instance ended (deleted, or the engine closed). */
    protected abstract void onEnd();
}
