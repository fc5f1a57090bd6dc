package dev.seqlog.bench.replication;

import dev.seqlog.api.EventLog;

/** What the throughput producers append to: one side of the comparison, set up with its fsync topic. */
interface AppendTarget extends AutoCloseable {
    /** The topic every producer appends to. */
    String TOPIC = "bench";

    /** @return the side's name in the tables */
    String label();

    /**
     * @param producer the producer's number, from 0
     * @return the log that producer appends through
     */
    EventLog writerFor(int producer);

    /** @return what the run should say about the side once it has finished, or an empty string */
    String note();

    /** Stops the side and deletes its data. */
    @Override
    void close();
}
