package dev.seqlog.bench.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.RecordInput;
import dev.seqlog.bench.Payloads;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Closed-loop producers: each thread appends one record per call, synchronously, as fast as its
 * acknowledgements come back, through a warm-up and then a measured window of fixed length. An append counts
 * if it is acknowledged inside the window, timed from its call. A failed append is counted and, after 10 ms,
 * followed by the next. Each run is for one thread to start; the producers are its own threads.
 */
final class ProducerLoad {
    private static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final int recordBytes;
    private final int warmupSeconds;
    private final int seconds;

    /**
     * @param recordBytes bytes of each record's data
     * @param warmupSeconds unmeasured seconds first
     * @param seconds the measured window
     */
    ProducerLoad(int recordBytes, int warmupSeconds, int seconds) {
        this.recordBytes = recordBytes;
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
    }

    /**
     * Runs the producers to the end of the window and collects their counts.
     *
     * @param target the side appended to
     * @param producers producer threads
     * @return what was measured
     * @throws InterruptedException if interrupted while waiting for the producers
     */
    LoadResult run(AppendTarget target, int producers) throws InterruptedException {
        long start = System.nanoTime();
        long from = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long to = from + TimeUnit.SECONDS.toNanos(seconds);
        List<Producer> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Producer producer = new Producer(target.writerFor(p), RecordInput.json(Payloads.jsonString(recordBytes)),
                    from, to);
            all.add(producer);
            threads.add(new Thread(producer, "producer-" + p));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        Histogram latency = new Histogram(3);
        long records = 0;
        long errors = 0;
        String firstError = null;
        for (Producer p : all) {
            latency.add(p.latency);
            records += p.records;
            errors += p.errors;
            if (firstError == null) {
                firstError = p.firstError;
            }
        }
        return new LoadResult(target.label(), producers, records, seconds, errors, firstError, latency);
    }

    /** One producer's loop and counts; its fields are read after its thread has ended. */
    private static final class Producer implements Runnable {
        private final EventLog log;
        private final RecordInput record;
        private final long from;
        private final long to;
        private final Histogram latency = new Histogram(3);
        private long records;
        private long errors;
        private String firstError;

        Producer(EventLog log, RecordInput record, long from, long to) {
            this.log = log;
            this.record = record;
            this.from = from;
            this.to = to;
        }

        @Override
        public void run() {
            while (true) {
                long t0 = System.nanoTime();
                if (t0 - to >= 0) {
                    return;
                }
                try {
                    log.append(AppendTarget.TOPIC, AppendRequest.of(record));
                } catch (RuntimeException e) {
                    errors++;
                    if (firstError == null) {
                        firstError = e.toString();
                    }
                    LockSupport.parkNanos(BACKOFF_NANOS);
                    continue;
                }
                long t1 = System.nanoTime();
                if (t1 - from >= 0 && t1 - to < 0) {
                    records++;
                    latency.recordValue(t1 - t0);
                }
            }
        }
    }
}
