package dev.seqlog.core.queues;

import dev.seqlog.api.Job;
import dev.seqlog.api.TopicRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A /work subscription receives the jobs of its passes in pass order, whichever pass becomes durable first. */
class WorkFeedOrderTest {

    @Test
    void aLaterPassThatIsReadyFirstWaitsForTheEarlierOne() {
        List<Long> received = new CopyOnWriteArrayList<>();
        WorkFeed feed = new WorkFeed(null, "w", 10, 30_000, new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
            }

            @Override
            public void onNext(Job job) {
                received.add(job.seq());
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        }, Runnable::run);
        WorkFeed.Batch first = feed.reserve();
        WorkFeed.Batch second = feed.reserve();
        WorkFeed.Batch third = feed.reserve();

        feed.deliver(second, List.of(job(3), job(4)));
        assertEquals(List.of(), received, "held until the first pass is out");
        feed.deliver(third, List.of()); // a pass that leased it nothing
        feed.deliver(first, List.of(job(1), job(2)));
        assertEquals(List.of(1L, 2L, 3L, 4L), received);

        WorkFeed.Batch fourth = feed.reserve();
        feed.deliver(fourth, List.of(job(5)));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), received);
    }

    private static Job job(long seq) {
        return new Job(new TopicRecord(seq, 0, null, null, "1".getBytes(), null), "lease-" + seq, 30_000, 1);
    }
}
