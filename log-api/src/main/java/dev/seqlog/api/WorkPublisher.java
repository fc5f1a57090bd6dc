package dev.seqlog.api;

import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * Jobs pushed to a worker (API §10.10, SEMANTICS §13.8): what {@link EventLog#work} returns. Each subscription
 * keeps up to the request's {@code max} jobs leased to its node and claims more as they are acked, nacked or
 * expire; the worker completes them with {@link EventLog#ack}, {@link EventLog#nack} and
 * {@link EventLog#extend}.
 *
 * <h2>Threading and flow control</h2>
 * <ul>
 *   <li>Signals to one subscriber never overlap. {@code onSubscribe} runs on the subscribing thread; later
 *       signals run on the log's delivery threads or on the executor given to {@link #subscribe(Flow.Subscriber,
 *       Executor)}, which a subscriber must not block.</li>
 *   <li>Demand counts jobs. A job is claimed only for a subscriber that has demand and fewer than {@code max}
 *       jobs outstanding, so nothing is leased that could not be delivered at once.</li>
 *   <li>Cancelling releases at once every job pushed to the subscription whose lease from that push is still
 *       current: claimable again, delivery counter unchanged. Leases from {@link EventLog#claim} are not
 *       affected.</li>
 *   <li>{@code onError} carries a {@link SeqlogException}: {@code topic_not_found} when the queue is deleted,
 *       {@code shutting_down} when the log closes; the subscription's leases are released first.</li>
 * </ul>
 */
public interface WorkPublisher extends Flow.Publisher<Job> {
    /**
     * Starts pushing jobs to {@code subscriber} on the log's delivery threads.
     *
     * @param subscriber the subscriber
     */
    @Override
    void subscribe(Flow.Subscriber<? super Job> subscriber);

    /**
     * Starts pushing jobs with the signals run on {@code executor} (never two at once); it must not block and
     * must run tasks in order.
     *
     * @param subscriber the subscriber
     * @param executor runs the delivery
     */
    void subscribe(Flow.Subscriber<? super Job> subscriber, Executor executor);
}
