package dev.seqlog.junit;

import dev.seqlog.api.WatchEvent;
import dev.seqlog.api.WatchPosition;
import dev.seqlog.api.WatchPublisher;
import dev.seqlog.api.WatchSubscription;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * Makes every watch subscriber slow on demand. Each subscription is wrapped so that it asks the log for one event
 * at a time, and only while its subscriber has demand and the gate is open; while the gate is stalled it asks for
 * nothing more. The log then reads nothing for it, its cursors fall behind, and retention can overtake them: on
 * resume the subscriber gets what a slow reader gets, a {@link WatchEvent.Gap} where records were lost. An event
 * already asked for when the stall begins is still delivered. Nothing is buffered here, so signals keep the
 * log's ordering and never overlap. Thread-safe.
 */
final class SubscriberGate {
    private final Set<Gated> live = ConcurrentHashMap.newKeySet();
    private volatile boolean stalled;

    void stall() {
        stalled = true;
    }

    void resume() {
        stalled = false;
        for (Gated g : live) {
            g.pump();
        }
    }

    boolean stalled() {
        return stalled;
    }

    WatchPublisher wrap(WatchPublisher publisher) {
        return new WatchPublisher() {
            @Override
            public Map<String, WatchPosition> positions() {
                return publisher.positions();
            }

            @Override
            public WatchPublisher startingAt(Map<String, Long> cursors) {
                return wrap(publisher.startingAt(cursors));
            }

            @Override
            public void subscribe(Flow.Subscriber<? super WatchEvent> subscriber) {
                publisher.subscribe(new Gated(subscriber));
            }

            @Override
            public void subscribe(Flow.Subscriber<? super WatchEvent> subscriber, Executor executor) {
                publisher.subscribe(new Gated(subscriber), executor);
            }
        };
    }

    /** One subscription between the log (upstream) and the test's subscriber (downstream). */
    private final class Gated implements Flow.Subscriber<WatchEvent>, WatchSubscription {
        private final Flow.Subscriber<? super WatchEvent> downstream;
        private volatile Flow.Subscription upstream;
        private long demand;
        private boolean asked;
        private boolean done;

        Gated(Flow.Subscriber<? super WatchEvent> downstream) {
            this.downstream = downstream;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            upstream = s;
            live.add(this);
            downstream.onSubscribe(this);
        }

        @Override
        public void onNext(WatchEvent event) {
            synchronized (this) {
                asked = false;
                if (demand != Long.MAX_VALUE) {
                    demand--;
                }
            }
            downstream.onNext(event);
            pump();
        }

        @Override
        public void onError(Throwable failure) {
            finish();
            downstream.onError(failure);
        }

        @Override
        public void onComplete() {
            finish();
            downstream.onComplete();
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                // the log reports the rule violation to the subscriber
                upstream.request(n);
                return;
            }
            synchronized (this) {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
            pump();
        }

        @Override
        public void cancel() {
            finish();
            upstream.cancel();
        }

        @Override
        public Map<String, Long> cursors() {
            return ((WatchSubscription) upstream).cursors();
        }

        /** Asks the log for the next event if the subscriber wants one, none is asked for and the gate is open. */
        void pump() {
            synchronized (this) {
                if (done || stalled || asked || demand == 0) {
                    return;
                }
                asked = true;
            }
            upstream.request(1);
        }

        private void finish() {
            synchronized (this) {
                done = true;
            }
            live.remove(this);
        }
    }
}
