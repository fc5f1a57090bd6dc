package dev.seqlog.bench.load;

import org.HdrHistogram.Histogram;

import java.io.IOException;

/**
 * The workloads W1–W4 as a library, for harnesses that start the server themselves and tabulate the figures
 * (the Redis side-by-side in {@code dev.seqlog.bench.redis}). Runs exactly the code {@link LoadGen} runs.
 * Confined to the calling thread; each workload starts and joins its own workers.
 */
public final class SeqlogWorkloads implements AutoCloseable {
    private final HttpTransport transport;
    private final Workloads work;

    /**
     * @param opt target, client, durability class and counts
     */
    public SeqlogWorkloads(LoadGenOptions opt) {
        this.transport = transport(opt);
        this.work = new Workloads(opt, transport);
    }

    /** The transport the options ask for; shared with {@link LoadGen} so both pick the client alike. */
    static HttpTransport transport(LoadGenOptions opt) {
        return opt.client() == LoadGenOptions.ClientKind.JDK
                ? new JdkHttpTransport(opt.host(), opt.port(), opt.apiKey())
                : new SocketHttpTransport(opt.host(), opt.port(), opt.apiKey());
    }

    /**
     * Checks that the server answers {@code /v0/health}.
     *
     * @throws IOException on transport failure or another status than 200
     */
    public void health() throws IOException {
        try (SeqlogHttpClient c = work.client()) {
            c.health();
        }
    }

    /**
     * W1: batched appends from concurrent producers to a fresh topic.
     *
     * @param topic a topic name not yet in use
     * @return the result
     * @throws Exception on failure of a producer
     */
    public WorkloadResult w1(String topic) throws Exception {
        return work.w1(topic);
    }

    /**
     * W2: single-record writes, one in flight.
     *
     * @param topic a topic name not yet in use
     * @return the result
     * @throws IOException on transport failure
     */
    public WorkloadResult w2(String topic) throws IOException {
        return work.w2(topic);
    }

    /**
     * W3: reads back the topic {@link #w1} filled.
     *
     * @param w1Topic the topic W1 filled with the same options
     * @return the result
     * @throws IOException on transport failure
     */
    public WorkloadResult w3(String w1Topic) throws IOException {
        return work.w3(w1Topic);
    }

    /**
     * W4: readers tail a paced producer, by long-poll or by SSE watch streams as the options say.
     *
     * @param topic a topic name not yet in use
     * @return the result
     * @throws Exception on failure of a reader or sender
     */
    public WorkloadResult w4(String topic) throws Exception {
        return work.w4(topic);
    }

    /**
     * The percentile line the load generator prints, so other harnesses print latencies alike.
     *
     * @param nanos a histogram of nanoseconds
     * @return {@code p50=... p90=... p99=... p999=... max=... mean=...}
     */
    public static String percentiles(Histogram nanos) {
        return Workloads.percentiles(nanos);
    }

    @Override
    public void close() {
        transport.close();
    }
}
