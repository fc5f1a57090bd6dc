package dev.seqlog.bench.load;

import org.HdrHistogram.Histogram;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * What {@link MinimalTail} and its Redis twin share: the command line, the sender schedule (four threads, record
 * {@code i} due {@code i} ms after the start), the histogram and the report. Stateless.
 */
public final class MinimalRun {
    /** Sender threads sharing the schedule. */
    public static final int SENDERS = 4;

    private MinimalRun() {
    }

    /**
     * Parses {@code PORT READERS RECORDS}, or prints the usage and exits with 2.
     *
     * @param args the command line
     * @param usage the usage line
     * @return port, readers, records
     */
    public static int[] parse(String[] args, String usage) {
        if (args.length != 3) {
            System.err.println(usage);
            System.exit(2);
        }
        return new int[] {Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2])};
    }

    /**
     * Runs {@link #SENDERS} threads, each writing the records of its share (first index {@code 0..SENDERS-1},
     * then every {@code SENDERS}-th), and waits for them.
     *
     * @param name the threads' name prefix
     * @param sender writes the share starting at its argument
     * @throws InterruptedException if interrupted while waiting
     */
    public static void runSenders(String name, IntConsumer sender) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int first = s;
            Thread t = new Thread(() -> sender.accept(first), name + s);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /**
     * @param start the schedule's start, on the nanoTime clock
     * @param index a record's index
     * @return when it is due
     */
    public static long due(long start, int index) {
        return start + TimeUnit.MILLISECONDS.toNanos(index);
    }

    /**
     * Parks until {@code due} on the nanoTime clock.
     *
     * @param due the time
     */
    public static void waitUntil(long due) {
        for (long w = due - System.nanoTime(); w > 0; w = due - System.nanoTime()) {
            LockSupport.parkNanos(w);
        }
    }

    /** @return a latency histogram up to 60 s */
    public static Histogram histogram() {
        return new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    }

    /**
     * Prints the result and exits: 0 if every reader was complete, else 1.
     *
     * @param header the first line
     * @param h the merged latencies
     * @param complete readers that received everything
     * @param readers all readers
     */
    public static void report(String header, Histogram h, long complete, int readers) {
        System.out.println(header + "; complete " + complete + "/" + readers);
        System.out.printf("   write->delivery: p50=%dus p99=%dus p999=%dus max=%dus over %,d deliveries%n",
                h.getValueAtPercentile(50) / 1000, h.getValueAtPercentile(99) / 1000,
                h.getValueAtPercentile(99.9) / 1000, h.getMaxValue() / 1000, h.getTotalCount());
        System.exit(complete == readers ? 0 : 1);
    }

    /**
     * Reads one CRLF- or LF-terminated line.
     *
     * @param in the stream
     * @return the line without its terminator
     * @throws IOException if the stream ends first
     */
    public static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
