package dev.seqlog.api;

/**
 * Receives records from a read, in ascending seq order, without materialising them.
 */
@FunctionalInterface
public interface RecordSink {
    /**
     * Called once per delivered record.
     *
     * @param record a view valid only during this call
     */
    void accept(RecordView record);
}
