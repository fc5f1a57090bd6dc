package dev.seqlog.api;

import java.util.Map;
import java.util.concurrent.Flow;

/**
 * A watch bound to topic instances (SEMANTICS §16): what {@link EventLog#watch} returns. Each
 * {@link #subscribe} starts an independent delivery from the bound starting positions; a topic instance
 * that was deleted since binding is reported with {@link WatchEvent.TopicDeleted} at once, even if a topic
 * of the same name exists again.
 *
 * <h2>Threading and flow control</h2>
 * <ul>
 *   <li>Signals to one subscriber never overlap. {@code onSubscribe} runs on the subscribing thread; every
 *       later signal runs on one of the log's delivery threads (or the executor given to
 *       {@link #subscribe(Flow.Subscriber, java.util.concurrent.Executor)}), which a subscriber must not
 *       block.</li>
 *   <li>{@code request} and {@code cancel} may be called from any thread, also from inside {@code onNext}.
 *       Demand counts events. With no demand nothing is read for the subscriber: its cursors lag, nothing is
 *       buffered, and the next reads return larger batches. Retention may overtake a lagging cursor, which
 *       the next read reports as a {@link WatchEvent.Gap}.</li>
 *   <li>{@code onComplete} follows the last topic's {@link WatchEvent.TopicDeleted} (at once for a watch
 *       with no topic). {@code onError} carries a {@link SeqlogException}: {@code shutting_down} when the
 *       log closes, or the failure of a read.</li>
 *   <li>Cancelling releases everything the subscription holds in the log; it is final.</li>
 * </ul>
 */
public interface WatchPublisher extends Flow.Publisher<WatchEvent> {
    /**
     * The bound topics with their resolved starts and watermarks at binding; a lenient watch leaves unknown
     * topics out.
     *
     * @return topic name to position, ascending by name
     */
    Map<String, WatchPosition> positions();

    /**
     * This watch with other starting cursors for some of its topics: the same instances and options. Names
     * it does not follow are ignored.
     *
     * @param cursors topic name to cursor
     * @return a publisher starting there
     */
    WatchPublisher startingAt(Map<String, Long> cursors);

    /**
     * Starts delivery to {@code subscriber} on the log's delivery threads; it receives a
     * {@link WatchSubscription}.
     *
     * @param subscriber the subscriber
     */
    @Override
    void subscribe(Flow.Subscriber<? super WatchEvent> subscriber);

    /**
     * Starts delivery to {@code subscriber} with its reads and signals run on {@code executor} instead of the
     * log's delivery threads (never two at once): a server passes a connection's I/O thread, so events are
     * read and written there with no hand-off. The executor must not block and must run tasks in order.
     *
     * @param subscriber the subscriber
     * @param executor runs the delivery
     */
    void subscribe(Flow.Subscriber<? super WatchEvent> subscriber, java.util.concurrent.Executor executor);
}
