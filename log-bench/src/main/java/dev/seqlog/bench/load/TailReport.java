package dev.seqlog.bench.load;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outcome of a W4 run on either server: the senders' acknowledgement latencies and every reader's
 * {@link TailVerifier} summed into one delivery histogram and one verification line. Built on the thread that
 * ran the workload, after its workers finished.
 *
 * @param acks acknowledgement latency of every write
 * @param delivery write-to-delivery latency of every delivery
 * @param readers readers
 * @param complete readers that saw every entry exactly once, in log order
 * @param missing entries some reader never saw, summed over readers
 * @param duplicates deliveries of an entry a reader had seen
 * @param outOfOrder deliveries behind the reader's last position
 * @param malformed deliveries whose index or send time could not be read
 */
public record TailReport(Histogram acks, Histogram delivery, int readers, long complete, long missing,
                         long duplicates, long outOfOrder, long malformed) {
    private static final long HIST_MAX_NANOS = TimeUnit.SECONDS.toNanos(120);

    /**
     * Waits for the senders (then stamps {@code senderEnd}, which tells readers to drain) and the readers.
     *
     * @param senders each sender's acknowledgement histogram
     * @param senderEnd set to a non-zero nanoTime once every sender has finished or failed
     * @param readers each reader's verifier
     * @param readerTimeoutNanos how long to wait for each reader after the senders finished
     * @return the report
     * @throws ExecutionException if a sender or reader failed
     * @throws InterruptedException if interrupted while waiting
     * @throws TimeoutException if a reader did not finish in time
     */
    public static TailReport collect(List<Future<Histogram>> senders, AtomicLong senderEnd,
                                     List<Future<TailVerifier>> readers, long readerTimeoutNanos)
            throws ExecutionException, InterruptedException, TimeoutException {
        Histogram acks = new Histogram(HIST_MAX_NANOS, 3);
        try {
            for (Future<Histogram> f : senders) {
                acks.add(f.get());
            }
        } finally {
            senderEnd.set(System.nanoTime() | 1);
        }
        Histogram delivery = new Histogram(HIST_MAX_NANOS, 3);
        long complete = 0;
        long missing = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        long malformed = 0;
        for (Future<TailVerifier> f : readers) {
            TailVerifier v = f.get(readerTimeoutNanos, TimeUnit.NANOSECONDS);
            delivery.add(v.latency());
            missing += v.missing();
            duplicates += v.duplicates();
            outOfOrder += v.outOfOrder();
            malformed += v.malformed();
            complete += v.complete() ? 1 : 0;
        }
        return new TailReport(acks, delivery, readers.size(), complete, missing, duplicates, outOfOrder, malformed);
    }

    /** @return whether every reader saw every entry exactly once, in order */
    public boolean verified() {
        return complete == readers;
    }

    /** @return the delivery, acknowledgement and verification lines of the summary */
    public List<String> lines() {
        return List.of(
                "   write->delivery: " + Workloads.percentiles(delivery) + " over " + delivery.getTotalCount()
                        + " deliveries",
                "   write ack:       " + Workloads.percentiles(acks),
                String.format(Locale.ROOT, "   verify: readers complete %d/%d, missing=%d duplicates=%d "
                                + "out-of-order=%d malformed=%d -> %s", complete, readers, missing, duplicates,
                        outOfOrder, malformed, verified() ? "OK" : "FAILED"));
    }
}
