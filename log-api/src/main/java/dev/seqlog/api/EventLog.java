package dev.seqlog.api;

import java.util.concurrent.CompletableFuture;

/**
 * A durable event log of named topics: the one interface behind the embedded library, the HTTP server
 * and the test emulator. Semantics are those of the /v0 contract (SEMANTICS.md); every refusal is a
 * {@link SeqlogException} with a stable {@link ErrorCode}.
 *
 * <p>Implementations are thread-safe: any number of threads may call any method concurrently.
 */
public interface EventLog extends AutoCloseable {

    /**
     * Creates a topic or replaces its configuration (strict {@code PUT}: omitted fields take defaults,
     * except that an unspecified type keeps the existing one).
     *
     * @param topic the name
     * @param config the desired configuration
     * @return whether it was created, and the configuration in force
     * @throws SeqlogException invalid_request, topic_exists_incompatible (type change), throttled (topic cap)
     */
    default ConfigureResult configure(String topic, TopicConfig config) {
        return Await.join(configureAsync(topic, config));
    }

    /**
     * Configures like {@link #configure(String, TopicConfig)} without blocking the caller: the change is in
     * force when this returns, and the future completes once it is durable.
     *
     * @param topic the name
     * @param config the desired configuration
     * @return the future result; validation failures complete it exceptionally
     */
    CompletableFuture<ConfigureResult> configureAsync(String topic, TopicConfig config);

    /**
     * Reads a topic's state without counting as a read ({@link Touch#PEEK}).
     *
     * @param topic the name
     * @return the state
     * @throws SeqlogException topic_not_found
     */
    default TopicState state(String topic) {
        return state(topic, Touch.PEEK);
    }

    /**
     * Reads a topic's state.
     *
     * @param topic the name
     * @param touch whether the call counts as a read for automatic priority
     * @return the state
     * @throws SeqlogException topic_not_found
     */
    TopicState state(String topic, Touch touch);

    /**
     * Lists topics in ascending name order, one page at a time.
     *
     * @param request prefix, page size, cursor
     * @return the page
     * @throws SeqlogException invalid_request for an undecodable cursor
     */
    TopicPage list(ListRequest request);

    /**
     * Deletes a topic instance with all its records; a later create starts a new instance at seq 1.
     *
     * @param topic the name
     * @return whether anything was deleted (false if there was no such topic)
     */
    default TopicDeletion deleteTopic(String topic) {
        return deleteTopic(topic, DeleteIf.ALWAYS);
    }

    /**
     * Deletes a topic instance under a condition; a later create starts a new instance at seq 1.
     *
     * @param topic the name
     * @param condition {@link DeleteIf#EMPTY} to delete only a topic with no live record
     * @return whether anything was deleted
     * @throws SeqlogException topic_not_empty
     */
    default TopicDeletion deleteTopic(String topic, DeleteIf condition) {
        return Await.join(deleteTopicAsync(topic, condition));
    }

    /**
     * Deletes a topic like {@link #deleteTopic(String, DeleteIf)} without blocking the caller: the topic is
     * gone when this returns, and the future completes once the deletion is durable.
     *
     * @param topic the name
     * @param condition {@link DeleteIf#EMPTY} to delete only a topic with no live record
     * @return the future result; topic_not_empty completes it exceptionally
     */
    CompletableFuture<TopicDeletion> deleteTopicAsync(String topic, DeleteIf condition);

    /**
     * Appends records atomically, waiting for the acknowledgement condition of the topic's class.
     *
     * @param topic the name
     * @param request the records and options
     * @return the assigned seqs
     * @throws SeqlogException invalid_request, batch_too_large, record_too_large, topic_not_found,
     *         topic_full, throttled, internal
     */
    default AppendResult append(String topic, AppendRequest request) {
        return Await.join(appendAsync(topic, request));
    }

    /**
     * Appends records atomically; the future completes when the acknowledgement condition of the
     * topic's class holds. Validation failures may be thrown directly or complete the future.
     *
     * @param topic the name
     * @param request the records and options
     * @return the future result
     */
    CompletableFuture<AppendResult> appendAsync(String topic, AppendRequest request);

    /**
     * Appends like {@link #appendAsync(String, AppendRequest)}, asking {@code check} before a write creates
     * its topic with an inline configuration (a server checks the caller's permission there).
     *
     * @param topic the name
     * @param request the records and options
     * @param check decides whether an inline configuration may create the topic
     * @return the future result
     */
    CompletableFuture<AppendResult> appendAsync(String topic, AppendRequest request, CreateCheck check);

    /**
     * Reads records after a cursor, materialising them.
     *
     * @param topic the name
     * @param request cursor, limits, filters
     * @return records, cursor, watermarks and at most one tombstone
     * @throws SeqlogException topic_not_found
     */
    DiffResult diff(String topic, DiffRequest request);

    /**
     * Reads records after a cursor, streaming each to {@code sink} without materialising it. The sink
     * runs while the topic is locked for reading: keep it short and never call back into this log.
     *
     * @param topic the name
     * @param request cursor, limits, filters
     * @param sink receives each delivered record
     * @return cursor, watermarks and at most one tombstone; {@code records} is empty
     * @throws SeqlogException topic_not_found
     */
    DiffResult diff(String topic, DiffRequest request, RecordSink sink);

    /**
     * Opens a bulk export of the records after {@code request.fromSeq()} up to {@code toSeq} (or the head at
     * this moment, if lower), read in pages of the request's limit with its filters. Exporting does not count
     * as a read for automatic priority ({@code last_read_ts} is left as it is).
     *
     * @param topic the name
     * @param request cursor, page limit, filters
     * @param toSeq the highest seq to export
     * @return the cursor
     * @throws SeqlogException topic_not_found
     */
    ExportCursor export(String topic, DiffRequest request, long toSeq);

    /**
     * A future that completes when the topic's visible head exceeds {@code afterSeq}, completing with
     * the new head, or exceptionally with topic_not_found when the topic instance is deleted. Completes
     * at once if the head is already beyond. Cancel it to stop waiting; nothing is held meanwhile.
     *
     * @param topic the name
     * @param afterSeq the head the caller has seen
     * @return the future
     * @throws SeqlogException topic_not_found if the topic does not exist
     */
    CompletableFuture<Long> awaitHead(String topic, long afterSeq);

    /**
     * Reads like {@link #diff(String, DiffRequest, RecordSink)}, waiting up to {@code waitMs} for something
     * to deliver (long-poll, SEMANTICS §6.6): a read that would return no record and no tombstone while
     * caught up waits for the next publish; a wake whose records are all filtered out waits again. The
     * wait follows the log's clock and holds no thread; cancelling the future ends it.
     *
     * @param topic the name
     * @param request cursor, limits, filters
     * @param waitMs longest wait, 0 for none
     * @param sink receives the delivered records of the read that answers
     * @param executor runs the reads after a wake
     * @return the result of the read that answered
     */
    CompletableFuture<DiffResult> diffAwait(String topic, DiffRequest request, long waitMs, RecordSink sink,
                                            java.util.concurrent.Executor executor);

    /**
     * Binds a live watch of one or more topics (API §8, SEMANTICS §16) to their current instances, resolving
     * {@code tail} starts to the heads now. Subscribing to the result delivers records, gaps, caught-up
     * signals and topic deletions with the rules of the read procedure, as a {@link java.util.concurrent.Flow}
     * publisher with demand; see {@link WatchPublisher} for the threading contract.
     *
     * <pre>{@code
     * log.watch(WatchRequest.tail("orders")).subscribe(new Flow.Subscriber<>() {
     *     public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }
     *     public void onNext(WatchEvent e) { if (e instanceof WatchEvent.Records r) handle(r.batch().records()); }
     *     public void onError(Throwable t) { }
     *     public void onComplete() { }
     * });
     * }</pre>
     *
     * @param request topics, starts and read options
     * @return the bound watch
     * @throws SeqlogException topic_not_found for a topic that does not exist (unless lenient)
     */
    WatchPublisher watch(WatchRequest request);

    /**
     * Claims jobs from a queue topic (API §10.3, SEMANTICS §13.3): leases up to {@code request.max()} ready
     * jobs to the node, reclaimed work first. Never waits for new jobs beyond the queue's coalescing window.
     *
     * @param topic the queue
     * @param request the claim
     * @return the leased jobs
     * @throws SeqlogException topic_not_found, not_a_queue (a log topic), invalid_request (node), internal when
     *         a durable lease could not be written (nothing is leased then)
     */
    default ClaimResult claim(String topic, ClaimRequest request) {
        return Await.join(claimAsync(topic, request));
    }

    /**
     * {@link #claim} without blocking: the future completes once the queue's coalescing window closed and the
     * leases are as durable as the queue promises.
     *
     * @param topic the queue
     * @param request the claim
     * @return the leased jobs
     */
    CompletableFuture<ClaimResult> claimAsync(String topic, ClaimRequest request);

    /**
     * Completes held jobs (API §10.5): each is permanently deleted, as durably as the topic's class promises.
     * Seqs the node does not hold are skipped, so an ack is safe to retry.
     *
     * @param topic the queue
     * @param request the jobs
     * @return what was acked and skipped
     * @throws SeqlogException topic_not_found, not_a_queue, invalid_request, batch_too_large
     */
    default LeaseResult ack(String topic, LeaseRequest request) {
        return Await.join(ackAsync(topic, request));
    }

    /**
     * {@link #ack} without blocking.
     *
     * @param topic the queue
     * @param request the jobs
     * @return what was acked and skipped
     */
    CompletableFuture<LeaseResult> ackAsync(String topic, LeaseRequest request);

    /**
     * Gives held jobs back (API §10.6): each becomes claimable {@code delayMs} from now.
     *
     * @param topic the queue
     * @param request the jobs
     * @param delayMs the backoff, clamped to [0, 86400000]
     * @return what was nacked and skipped
     * @throws SeqlogException topic_not_found, not_a_queue, invalid_request, batch_too_large
     */
    default LeaseResult nack(String topic, LeaseRequest request, long delayMs) {
        return Await.join(nackAsync(topic, request, delayMs));
    }

    /**
     * {@link #nack} without blocking.
     *
     * @param topic the queue
     * @param request the jobs
     * @param delayMs the backoff
     * @return what was nacked and skipped
     */
    CompletableFuture<LeaseResult> nackAsync(String topic, LeaseRequest request, long delayMs);

    /**
     * Moves the deadline of held leases to {@code leaseMs} from now (API §10.7).
     *
     * @param topic the queue
     * @param request the jobs
     * @param leaseMs the new lease length, clamped to [100, 86400000]
     * @return what was extended, with the new deadlines
     * @throws SeqlogException topic_not_found, not_a_queue, invalid_request, batch_too_large
     */
    default LeaseResult extend(String topic, LeaseRequest request, long leaseMs) {
        return Await.join(extendAsync(topic, request, leaseMs));
    }

    /**
     * {@link #extend} without blocking.
     *
     * @param topic the queue
     * @param request the jobs
     * @param leaseMs the new lease length
     * @return what was extended
     */
    CompletableFuture<LeaseResult> extendAsync(String topic, LeaseRequest request, long leaseMs);

    /**
     * Jobs pushed to a worker as it completes them (API §10.10): see {@link WorkPublisher}.
     *
     * @param topic the queue
     * @param request the worker and its capacity
     * @return a publisher; each subscription is one worker connection
     * @throws SeqlogException topic_not_found, not_a_queue, invalid_request (node)
     */
    WorkPublisher work(String topic, WorkRequest request);

    /**
     * Deletes records permanently and silently.
     *
     * @param topic the name
     * @param request the selection
     * @return how many live records were removed and the state after
     * @throws SeqlogException topic_not_found, invalid_request
     */
    default DeleteResult delete(String topic, DeleteRequest request) {
        return Await.join(deleteAsync(topic, request));
    }

    /**
     * Deletes like {@link #delete(String, DeleteRequest)} without blocking the caller: the records are gone
     * when this returns, and the future completes once the delete is as durable as the topic's class asks
     * (for {@code fsync}, after its group flush), on an engine thread.
     *
     * @param topic the name
     * @param request the selection
     * @return the future result
     */
    CompletableFuture<DeleteResult> deleteAsync(String topic, DeleteRequest request);

    /**
     * Creates a router, or replaces an existing one's options (API §7.1): copies of every record committed to
     * {@code source} after creation are appended to {@code dest} in source order, off the write path, driven by
     * a durable cursor. Returns once the definition is durable.
     *
     * @param router the router name
     * @param spec the definition
     * @return the router and whether it was created
     * @throws SeqlogException invalid_request, topic_not_found ({@code createDest} false and a topic missing),
     *         router_cycle (detail.cycle), topic_exists_incompatible (detail.reason router_dest_fan_in),
     *         router_exists_incompatible (source or dest differs from the existing router's), throttled
     *         (max_routers, max_topics)
     */
    default RouterPut putRouter(String router, RouterSpec spec) {
        return Await.join(putRouterAsync(router, spec));
    }

    /**
     * Creates or configures a router like {@link #putRouter} without blocking the caller: the future completes
     * once the definition is durable.
     *
     * @param router the router name
     * @param spec the definition
     * @return the future result
     */
    CompletableFuture<RouterPut> putRouterAsync(String router, RouterSpec spec);

    /**
     * A router's definition and progress (API §7.2).
     *
     * @param router the name
     * @return the router
     * @throws SeqlogException router_not_found, invalid_request for a bad name
     */
    RouterInfo router(String router);

    /**
     * One page of routers in name order (API §7.3).
     *
     * @param request prefix, source, dest, paging
     * @return the page
     * @throws SeqlogException invalid_request for a malformed cursor
     */
    RouterPage routers(RouterListRequest request);

    /**
     * Deletes a router (API §7.4): forwarding stops at once, copies already in {@code dest} stay. Idempotent.
     *
     * @param router the name
     * @return whether it existed
     */
    default RouterDeletion deleteRouter(String router) {
        return Await.join(deleteRouterAsync(router));
    }

    /**
     * Deletes a router like {@link #deleteRouter} without blocking the caller: the future completes once the
     * removal is durable.
     *
     * @param router the name
     * @return the future result
     */
    CompletableFuture<RouterDeletion> deleteRouterAsync(String router);

    /**
     * Whether start-up recovery has finished; until then every data call fails with not_ready.
     *
     * @return true when ready
     */
    boolean isReady();

    /**
     * Waits until start-up recovery has finished.
     *
     * @throws SeqlogException internal if recovery failed (corruption, unsupported format, unreadable data)
     */
    void awaitReady();

    /**
     * Counters of the write-ahead log, for metrics.
     *
     * @return the counters summed over the WAL shards ({@link WalStats#NONE} without a WAL)
     */
    WalStats walStats();

    /**
     * How far start-up recovery has come.
     *
     * @return a value rising from 0.0 to 1.0; 1.0 once ready
     */
    double recoveryProgress();

    /**
     * Stops background work, flushes what the durability classes promise, and releases resources.
     */
    @Override
    void close();
}
