package dev.seqlog.core.internal.topic;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ConfigureResult;
import dev.seqlog.api.CreateCheck;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.ListRequest;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicDeletion;
import dev.seqlog.api.TopicPage;
import dev.seqlog.api.TopicState;
import dev.seqlog.api.Touch;
import dev.seqlog.core.internal.notify.Deadlines;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live topic instances by name, and the control operations that create, reconfigure and delete them
 * (SEMANTICS §3, §11). Creation and deletion are serialised by one control lock; lookups are lock-free, so
 * appends and reads of different topics never contend.
 *
 * <p>Thread-safe.
 */
public final class TopicRegistry {
    /**
     * A topic resolved for an append.
     *
     * @param topic the instance
     * @param created whether this append created it
     * @param createTicket the journal ticket its creation waits for, or 0
     */
    public record Resolved(TopicLog topic, boolean created, long createTicket) {
    }

    private final ConcurrentSkipListMap<String, TopicLog> topics = new ConcurrentSkipListMap<>();
    private final Object controlLock = new Object();
    private final AtomicLong nextEpoch = new AtomicLong(1);
    private final LiveBytes liveBytes;
    private final TopicLog.StoreSettings store;
    private final Journal journal;
    private final Deadlines deadlines;
    private final long maxTopics;
    private final Attachment.Factory queues;

    /**
     * @param store record layout settings of new instances
     * @param journal where instances log
     * @param deadlines times out waits for new records
     * @param maxTopics the topic limit, 0 for none
     * @param maxTotalBytes the live-bytes quota, 0 for none
     * @param queues builds the lease state of queue topics
     */
    public TopicRegistry(TopicLog.StoreSettings store, Journal journal, Deadlines deadlines, long maxTopics,
                         long maxTotalBytes, Attachment.Factory queues) {
        this.queues = queues;
        this.store = store;
        this.journal = journal;
        this.deadlines = deadlines;
        this.maxTopics = maxTopics;
        this.liveBytes = new LiveBytes(maxTotalBytes);
    }

    /** A new instance, not yet registered: what recovery and creation build. */
    public TopicLog newTopic(String name, long id, TopicConfig config) {
        return new TopicLog(name, id, config, store, liveBytes, journal, deadlines, queues);
    }

    /** Registers the instances recovery rebuilt. */
    public void restored(Collection<TopicLog> recovered, long maxTopicId) {
        for (TopicLog t : recovered) {
            topics.put(t.name(), t);
        }
        nextEpoch.set(maxTopicId + 1);
    }

    /** @return the live instances (a weakly consistent view) */
    public Collection<TopicLog> all() {
        return topics.values();
    }

    /** @return the highest instance id handed out */
    public long maxTopicId() {
        return nextEpoch.get() - 1;
    }

    /** @return the number of topics */
    public int size() {
        return topics.size();
    }

    /** @return accounted bytes of live records over all topics */
    public long liveBytes() {
        return liveBytes.get();
    }

    /** @return the instance, or null */
    public TopicLog get(String topic) {
        return topics.get(topic);
    }

    /**
     * The instance an append goes to, creating it if the request allows (API §3.1): the create permission
     * and the inline configuration are decided here, under the control lock.
     *
     * @throws SeqlogException topic_not_found if absent and not to be created; what {@code check} throws
     */
    public Resolved resolveForAppend(String topic, AppendRequest request, CreateCheck check) {
        TopicLog t = topics.get(topic);
        if (t != null) {
            return new Resolved(t, false, 0);
        }
        boolean mayCreate = request.create() != null ? request.create()
                : request.config() == null || request.config().autoCreate();
        if (!mayCreate) {
            throw SeqlogException.topicNotFound(topic);
        }
        TopicConfig config = request.config() == null ? TopicConfig.defaults() : request.config();
        checkDeadLetter(topic, config);
        synchronized (controlLock) {
            t = topics.get(topic);
            if (t != null) {
                return new Resolved(t, false, 0);
            }
            if (request.config() != null) {
                check.check(topic, config);
            }
            return create(topic, config);
        }
    }

    /**
     * Creates or reconfigures a topic (API §2.1). The change is made under the control lock; the future
     * completes once it is durable, waited for outside the lock, so a flush never holds up other topics'
     * creation.
     */
    public CompletableFuture<ConfigureResult> configure(String topic, TopicConfig config, long now) {
        checkDeadLetter(topic, config);
        TopicLog t;
        long ticket;
        ConfigureResult result;
        synchronized (controlLock) {
            t = topics.get(topic);
            if (t == null) {
                Resolved r = create(topic, config);
                t = r.topic();
                ticket = r.createTicket();
                result = new ConfigureResult(topic, true, config);
            } else {
                TopicConfig current = t.config();
                if (config.typeSpecified() && config.type() != current.type()) {
                    throw new SeqlogException(ErrorCode.TOPIC_EXISTS_INCOMPATIBLE, "the type of topic \"" + topic
                            + "\" cannot change").with("field", "type").with("topic", topic);
                }
                TopicConfig resolved = config.withTypeIfUnspecified(current.type());
                ticket = resolved.equals(current) ? 0 : t.lifecycle().reconfigure(resolved, now);
                result = new ConfigureResult(topic, false, resolved);
            }
        }
        return ticket > 0 ? t.whenDurable(ticket).thenApply(v -> result) : CompletableFuture.completedFuture(result);
    }

    /** Deletes a topic (API §2.4); the future completes once the deletion is durable (waited for outside the lock). */
    public CompletableFuture<TopicDeletion> delete(String topic, boolean ifEmpty, long now) {
        TopicLog t;
        long ticket;
        synchronized (controlLock) {
            t = topics.get(topic);
            if (t == null) {
                return CompletableFuture.completedFuture(new TopicDeletion(topic, false, List.of()));
            }
            ticket = t.lifecycle().end(ifEmpty, now, true);
            topics.remove(topic, t);
        }
        TopicDeletion done = new TopicDeletion(topic, true, List.of());
        return ticket > 0 ? t.whenDurable(ticket).thenApply(v -> done) : CompletableFuture.completedFuture(done);
    }

    /** One page of topics by name (API §2.3). */
    public TopicPage list(ListRequest request, long now) {
        String after = request.cursor() == null ? null : ListCursor.decode(request.cursor());
        String prefix = request.prefix() == null ? "" : request.prefix();
        Map<String, TopicLog> view = after != null && after.compareTo(prefix) >= 0
                ? topics.tailMap(after, false) : topics.tailMap(prefix, true);
        List<TopicState> page = new ArrayList<>();
        String next = null;
        for (Map.Entry<String, TopicLog> e : view.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            if (page.size() == request.pageSize()) {
                next = ListCursor.encode(page.get(page.size() - 1).topic());
                break;
            }
            try {
                page.add(e.getValue().state(now, request.touch() == Touch.READ));
            } catch (SeqlogException gone) {
                // deleted between the map walk and the state read: a concurrent change, skip it
            }
        }
        return new TopicPage(page, next);
    }

    /** Runs TTL expiry on every topic. */
    public void expireAll(long now) {
        for (TopicLog t : topics.values()) {
            t.expireNow(now);
        }
    }

    /** Ends every instance without logging: the engine closes. Waiting listeners are told. */
    public void endAll(long now) {
        synchronized (controlLock) {
            for (TopicLog t : topics.values()) {
                t.lifecycle().end(false, now, false);
            }
            topics.clear();
        }
    }

    /** Creates an instance; the caller holds the control lock and checked that the name is free. */
    private Resolved create(String topic, TopicConfig config) {
        if (maxTopics > 0 && topics.size() >= maxTopics) {
            throw new SeqlogException(ErrorCode.THROTTLED, "the topic limit is reached")
                    .with("limit", "max_topics").with("max", maxTopics);
        }
        journal.checkWritable();
        TopicLog t = newTopic(topic, nextEpoch.getAndIncrement(), config);
        long ticket = t.lifecycle().logCreate();
        topics.put(topic, t);
        return new Resolved(t, true, ticket);
    }

    private static void checkDeadLetter(String topic, TopicConfig config) {
        if (topic.equals(config.deadLetter())) {
            throw SeqlogException.invalid("dead_letter", "dead_letter must differ from the topic itself")
                    .with("topic", topic);
        }
    }
}
