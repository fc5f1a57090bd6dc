package dev.seqlog.junit;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.Discard;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.api.WatchEvent;
import dev.seqlog.api.WatchRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stalled subscriber falls behind like a slow one, and learns about what it missed when it resumes. */
@WithSeqlog
class SlowSubscriberTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aStalledSubscriberIsOvertakenByRetentionAndSeesAGapOnResume(EventLog log, SeqlogEmulator seqlog) {
        log.configure("t", TopicConfig.builder().capRecords(3).discard(Discard.OLD).build());
        Collector events = new Collector();
        log.watch(WatchRequest.after("t", 0)).subscribe(events);
        CrashTest.appendNumbered(log, "t", 1);
        await().atMost(WAIT).until(() -> events.data().contains("1"));

        seqlog.stallSubscribers();
        for (int i = 2; i <= 12; i++) {
            log.append("t", AppendRequest.of(RecordInput.json(String.valueOf(i))));
        }
        // the log holds 10..12 now; the subscriber asked for at most one event meanwhile
        assertEquals(List.of("10", "11", "12"), log.diff("t", DiffRequest.from(0)).records().stream()
                .map(TopicRecord::dataString).toList());
        seqlog.resumeSubscribers();
        await().atMost(WAIT).until(() -> events.data().contains("12"));
        List<WatchEvent.Gap> gaps = events.gaps();
        assertTrue(!gaps.isEmpty(), "records were lost while it was stalled: " + events.all);
        assertEquals(List.of(), events.errors);
        assertEquals(TombstoneReason.CAP, gaps.get(0).tombstone().reason());
        List<String> data = events.data();
        assertEquals(List.of("10", "11", "12"), data.subList(data.size() - 3, data.size()));
        events.subscription.cancel();
    }

    @Test
    void demandStillComesFromTheSubscriber(EventLog log) {
        log.configure("t", TopicConfig.builder().build());
        Collector events = new Collector(0);
        log.watch(WatchRequest.after("t", 0)).subscribe(events);
        CrashTest.appendNumbered(log, "t", 2);
        events.subscription.request(Long.MAX_VALUE);
        await().atMost(WAIT).until(() -> events.data().equals(List.of("1", "2")));
        events.subscription.cancel();
    }

    /** Records every event; asks for everything, or for {@code initial} events if given. */
    static final class Collector implements Flow.Subscriber<WatchEvent> {
        final List<WatchEvent> all = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        private final long initial;
        volatile Flow.Subscription subscription;

        Collector() {
            this(Long.MAX_VALUE);
        }

        Collector(long initial) {
            this.initial = initial;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (initial > 0) {
                s.request(initial);
            }
        }

        @Override
        public void onNext(WatchEvent e) {
            all.add(e);
        }

        @Override
        public void onError(Throwable t) {
            errors.add(t);
        }

        @Override
        public void onComplete() {
        }

        List<String> data() {
            List<String> out = new ArrayList<>();
            for (WatchEvent e : all) {
                if (e instanceof WatchEvent.Records r) {
                    r.batch().records().forEach(rec -> out.add(rec.dataString()));
                }
            }
            return out;
        }

        List<WatchEvent.Gap> gaps() {
            return all.stream().filter(e -> e instanceof WatchEvent.Gap).map(e -> (WatchEvent.Gap) e).toList();
        }
    }
}
