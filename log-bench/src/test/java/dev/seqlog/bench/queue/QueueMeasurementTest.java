package dev.seqlog.bench.queue;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The measurement and its check against a queue held in memory that can be made to misbehave. */
class QueueMeasurementTest {
    private static final QueueOptions OPT = QueueOptions.parse(List.of("--jobs", "300", "--warmup-jobs", "30",
            "--seconds", "60", "--warmup-seconds", "60"), Path.of("unused"));

    /** Keys 1..n per queue; a claim polls, an ack reports every job done. Thread-safe. */
    private static class MemoryTarget implements QueueTarget {
        final ConcurrentLinkedQueue<Long> ready = new ConcurrentLinkedQueue<>();
        /** Set to hand key 7 out a second time, as a broken server would. */
        final AtomicBoolean redeliverSeven = new AtomicBoolean();

        @Override
        public long[] prefill(String queue, int jobs, int payloadBytes) {
            ready.clear();
            long[] keys = new long[jobs];
            for (int i = 0; i < jobs; i++) {
                keys[i] = i + 1;
                ready.add(keys[i]);
            }
            return keys;
        }

        @Override
        public QueueClient open(String queue, int worker) {
            return new QueueClient() {
                private int claimed;

                @Override
                public int claim(int max, long[] keys) {
                    claimed = 0;
                    Long k;
                    while (claimed < max && (k = ready.poll()) != null) {
                        keys[claimed++] = k;
                        if (k == 7 && redeliverSeven.getAndSet(false)) {
                            ready.add(7L);
                        }
                    }
                    return claimed;
                }

                @Override
                public int ackClaimed() {
                    return claimed;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public Leftover leftover(String queue, long[] keys) {
            return new Leftover(ready.size(), 0, List.of());
        }
    }

    @Test
    void aWellBehavedQueueVerifiesWithEveryJobCompleted() throws Exception {
        QueueOutcome o = QueueMeasurement.run(new MemoryTarget(), "memory", OPT, 3, 4,
                QueueMeasurement.CpuMeter.NONE);
        assertTrue(o.verified(), String.join("\n", o.summary()));
        assertEquals(300, o.completed());
        assertTrue(o.check().drained());
        assertTrue(Double.isNaN(o.cpuSeconds()));
        assertEquals(4, o.summary().size(), "no CPU line without a meter");
    }

    @Test
    void aJobHandedOutTwiceFailsTheCheck() throws Exception {
        MemoryTarget t = new MemoryTarget() {
            @Override
            public long[] prefill(String queue, int jobs, int payloadBytes) {
                long[] keys = super.prefill(queue, jobs, payloadBytes);
                redeliverSeven.set(queue.equals(QueueMeasurement.QUEUE)); // only in the measured pass
                return keys;
            }
        };
        QueueOutcome o = QueueMeasurement.run(t, "memory", OPT, 2, 1, QueueMeasurement.CpuMeter.NONE);
        assertFalse(o.verified());
        assertEquals(1, o.check().duplicates());
        assertTrue(o.summary().get(3).contains("FAILED"), o.summary().get(3));
    }

    @Test
    void aFailedWarmUpFailsThePoint() throws Exception {
        MemoryTarget t = new MemoryTarget() {
            @Override
            public long[] prefill(String queue, int jobs, int payloadBytes) {
                long[] keys = super.prefill(queue, jobs, payloadBytes);
                redeliverSeven.set(queue.equals(QueueMeasurement.WARM_QUEUE));
                return keys;
            }
        };
        QueueOutcome o = QueueMeasurement.run(t, "memory", OPT, 2, 1, QueueMeasurement.CpuMeter.NONE);
        assertFalse(o.verified());
        assertEquals(0, o.check().duplicates());
        assertTrue(o.check().problems().get(0).startsWith("the warm-up pass failed"), o.check().problems().get(0));
    }

    @Test
    void aWorkersFailureEndsTheRunWithIt() {
        QueueTarget broken = new MemoryTarget() {
            @Override
            public QueueClient open(String queue, int worker) {
                throw new IllegalStateException("no connection for worker " + worker);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> QueueMeasurement.run(broken, "broken", OPT, 2, 1, QueueMeasurement.CpuMeter.NONE));
        assertTrue(e.getMessage().startsWith("no connection for worker"), e.getMessage());
    }
}
