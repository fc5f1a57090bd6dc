package dev.seqlog.bench.queue;

import java.util.List;

/**
 * A queue server under measurement (the in-process engine, the HTTP server, Redis): creates and fills
 * queues, hands each worker its own client, and says what is left in a queue afterwards. Implementations
 * are thread-safe: {@link #open} is called from every worker thread.
 */
public interface QueueTarget {

    /**
     * Creates a queue that does not exist yet and fills it with {@code jobs} jobs of {@code payloadBytes}
     * each, waiting for every write's acknowledgement.
     *
     * @param queue the queue's name
     * @param jobs jobs to add
     * @param payloadBytes each job's payload size in bytes
     * @return the jobs' keys as the clients report them ({@link QueueClient#claim}), ascending
     * @throws Exception if the queue cannot be created or filled
     */
    long[] prefill(String queue, int jobs, int payloadBytes) throws Exception;

    /**
     * @param queue a filled queue
     * @param worker the worker's index, from 0; names the worker to the server
     * @return a client with its own connection, for the calling thread only
     * @throws Exception if it cannot connect
     */
    QueueClient open(String queue, int worker) throws Exception;

    /**
     * What the server holds after a run in which every claimed job was acked.
     *
     * @param queue the queue
     * @param keys the keys {@link #prefill} returned
     * @return the jobs left and any inconsistency the server shows
     * @throws Exception if the server cannot be asked
     */
    Leftover leftover(String queue, long[] keys) throws Exception;

    /**
     * What a queue holds after a run.
     *
     * @param remaining jobs not completed yet (live records on seqlog; entries never delivered on Redis)
     * @param inFlight jobs handed out and not acked (leases on seqlog, the pending entries list on Redis)
     * @param problems inconsistencies the server's own counters show, empty if none
     */
    record Leftover(long remaining, long inFlight, List<String> problems) {
        /**
         * Copies the problems so the record stays immutable.
         *
         * @param remaining jobs not completed yet (live records on seqlog; entries never delivered on Redis)
         * @param inFlight jobs handed out and not acked (leases on seqlog, the pending entries list on Redis)
         * @param problems inconsistencies the server's own counters show, empty if none
         */
        public Leftover {
            problems = List.copyOf(problems);
        }
    }
}
