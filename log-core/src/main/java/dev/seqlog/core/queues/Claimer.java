package dev.seqlog.core.queues;

import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.Job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One party a claim pass serves: a claim call (with the future its caller waits on) or a push subscription
 * with spare capacity.
 *
 * <p>Not thread-safe: built and filled under the queue topic's lock.
 */
final class Claimer {
    final String node;
    final int want;
    final long leaseMs;
    final WorkFeed feed;
    /** The feed's place in delivery order, taken by the pass that serves it; null for a claim call. */
    WorkFeed.Batch batch;
    final CompletableFuture<ClaimResult> future;
    final List<Job> got = new ArrayList<>();

    private Claimer(String node, int want, long leaseMs, WorkFeed feed, CompletableFuture<ClaimResult> future) {
        this.node = node;
        this.want = want;
        this.leaseMs = leaseMs;
        this.feed = feed;
        this.future = future;
    }

    /** A claim call. */
    static Claimer call(String node, int want, long leaseMs) {
        return new Claimer(node, want, leaseMs, null, new CompletableFuture<>());
    }

    /** A push subscription wanting {@code want} jobs. */
    static Claimer feed(WorkFeed feed, int want) {
        return new Claimer(feed.node, want, feed.leaseMs, feed, null);
    }
}
