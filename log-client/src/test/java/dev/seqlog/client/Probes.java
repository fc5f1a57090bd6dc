package dev.seqlog.client;

import dev.seqlog.api.Job;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.api.WatchEvent;
import dev.seqlog.api.WatchSubscription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * Subscribers for tests that count demand: each records a violation when it receives more items than it asked
 * for, so a test that later asks for the rest learns whether anything was ever delivered early.
 */
final class Probes {
    static final Duration WAIT = Duration.ofSeconds(20);

    private Probes() {
    }

    /** Records what a subscription delivers; asks only for what the test requests. Thread-safe. */
    abstract static class Probe<T> implements Flow.Subscriber<T> {
        private final List<T> items = new ArrayList<>();
        private final AtomicLong requested = new AtomicLong();
        volatile Flow.Subscription subscription;
        volatile Throwable error;
        volatile boolean completed;
        volatile int violations;
        volatile boolean overlapping;
        private volatile boolean inSignal;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
        }

        /** Asks for {@code n} more items. */
        void request(long n) {
            requested.addAndGet(n);
            subscription.request(n);
        }

        @Override
        public void onNext(T item) {
            enter();
            synchronized (this) {
                items.add(item);
                if (items.size() > requested.get()) {
                    violations++;
                }
                seen(item);
            }
            inSignal = false;
        }

        /** Called under the probe's lock for each item, in order. */
        void seen(T item) {
        }

        @Override
        public void onError(Throwable t) {
            enter();
            error = t;
            inSignal = false;
        }

        @Override
        public void onComplete() {
            enter();
            completed = true;
            inSignal = false;
        }

        private void enter() {
            if (inSignal) {
                overlapping = true;
            }
            inSignal = true;
        }

        synchronized List<T> items() {
            return List.copyOf(items);
        }

        synchronized int size() {
            return items.size();
        }

        void awaitSize(int n) {
            await().atMost(WAIT).until(() -> size() >= n || error != null);
        }

        /** Requests one item at a time until {@code done} holds for what arrived, or {@code max} items came. */
        void stepUntil(java.util.function.Predicate<List<T>> done, int max) {
            while (!done.test(items()) && size() < max && error == null) {
                int before = size();
                request(1);
                awaitSize(before + 1);
            }
        }
    }

    /** A watch subscriber; keeps the subscription's cursors as of each event. */
    static final class WatchProbe extends Probe<WatchEvent> {
        final List<Map<String, Long>> cursors = new ArrayList<>();

        @Override
        void seen(WatchEvent e) {
            cursors.add(((WatchSubscription) subscription).cursors());
        }

        synchronized List<Long> seqs() {
            List<Long> out = new ArrayList<>();
            for (WatchEvent e : items()) {
                if (e instanceof WatchEvent.Records r) {
                    for (TopicRecord rec : r.batch().records()) {
                        out.add(rec.seq());
                    }
                }
            }
            return out;
        }

        synchronized Map<String, Long> lastCursors() {
            return cursors.get(cursors.size() - 1);
        }
    }

    /** A work subscriber. */
    static final class WorkProbe extends Probe<Job> {
        synchronized List<Long> seqs() {
            List<Long> out = new ArrayList<>();
            for (Job j : items()) {
                out.add(j.seq());
            }
            return out;
        }
    }
}
