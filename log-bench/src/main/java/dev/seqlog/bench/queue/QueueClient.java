package dev.seqlog.bench.queue;

/**
 * One worker's handle on a queue: claims a batch, then acks exactly that batch. Each implementation keeps
 * whatever its server needs to ack (seqs, entry ids) between the two calls. Confined to its worker thread.
 */
public interface QueueClient extends AutoCloseable {

    /**
     * Claims up to {@code max} jobs for this worker, without waiting for new ones.
     *
     * @param max jobs wanted
     * @param keys receives each claimed job's key from index 0: the seq on seqlog, the packed entry id on
     *        Redis; at least {@code max} long
     * @return jobs claimed; 0 when none is ready
     * @throws Exception on a transport or server failure, which ends the run
     */
    int claim(int max, long[] keys) throws Exception;

    /**
     * Acks (and so completes) every job of the last claim.
     *
     * @return how many of them the server reports completed
     * @throws Exception on a transport or server failure, which ends the run
     */
    int ackClaimed() throws Exception;

    /** Releases the connection; never throws. */
    @Override
    void close();
}
