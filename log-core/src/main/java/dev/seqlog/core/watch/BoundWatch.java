package dev.seqlog.core.watch;

import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicState;
import dev.seqlog.api.WatchEvent;
import dev.seqlog.api.WatchPosition;
import dev.seqlog.api.WatchPublisher;
import dev.seqlog.api.WatchRequest;
import dev.seqlog.api.WatchStart;
import dev.seqlog.core.internal.topic.TopicLog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * A watch bound to the topic instances that existed when it was made, with each topic's resolved start.
 * Immutable; every subscription is an independent {@link WatchDelivery}.
 */
public final class BoundWatch implements WatchPublisher {
    /** One watched instance and where delivery starts. */
    record Target(String name, TopicLog topic, long from) {
    }

    private final WatchContext context;
    private final WatchRequest request;
    private final List<Target> targets;
    private final Map<String, WatchPosition> positions;

    private BoundWatch(WatchContext context, WatchRequest request, List<Target> targets,
                       Map<String, WatchPosition> positions) {
        this.context = context;
        this.request = request;
        this.targets = List.copyOf(targets);
        this.positions = positions;
    }

    /**
     * Binds {@code request} to the current instances of its topics.
     *
     * @param context the engine's side
     * @param request topics and options
     * @return the bound watch
     * @throws SeqlogException topic_not_found for an unknown topic unless the request is lenient
     */
    public static BoundWatch bind(WatchContext context, WatchRequest request) {
        long now = context.clock().millis();
        List<Target> targets = new ArrayList<>();
        Map<String, WatchPosition> positions = new TreeMap<>();
        for (Map.Entry<String, WatchStart> e : request.topics().entrySet()) {
            String name = e.getKey();
            TopicLog topic = context.topics().apply(name);
            TopicState state = null;
            if (topic != null) {
                try {
                    state = topic.state(now, false);
                } catch (SeqlogException deletedMeanwhile) {
                    topic = null;
                }
            }
            if (topic == null) {
                if (request.lenient()) {
                    continue;
                }
                throw SeqlogException.topicNotFound(name);
            }
            long from = e.getValue().tail() ? state.headSeq() : e.getValue().fromSeq();
            targets.add(new Target(name, topic, from));
            positions.put(name, new WatchPosition(from, state.headSeq(), state.earliestSeq()));
        }
        return new BoundWatch(context, request, targets, Collections.unmodifiableMap(positions));
    }

    @Override
    public Map<String, WatchPosition> positions() {
        return positions;
    }

    @Override
    public WatchPublisher startingAt(Map<String, Long> cursors) {
        List<Target> moved = new ArrayList<>(targets.size());
        for (Target t : targets) {
            Long c = cursors.get(t.name());
            if (c != null && c < 0) {
                throw SeqlogException.invalid("cursor", "a cursor must be a non-negative integer");
            }
            moved.add(c == null ? t : new Target(t.name(), t.topic(), c));
        }
        return new BoundWatch(context, request, moved, positions);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super WatchEvent> subscriber) {
        subscribe(subscriber, context.executor());
    }

    @Override
    public void subscribe(Flow.Subscriber<? super WatchEvent> subscriber, Executor executor) {
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(executor, "executor");
        new WatchDelivery(context, request, targets, subscriber, executor).start();
    }
}
