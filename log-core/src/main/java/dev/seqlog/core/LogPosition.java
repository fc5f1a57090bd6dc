package dev.seqlog.core;

/**
 * A position in an external, replicated log (a Raft term and index) and the log's time there: what a checkpoint
 * of an engine with {@link EngineOptions.Builder#externalLog(boolean) externalLog} records, so that after a
 * restart the external log replays only the entries after it, and the replica's clock resumes where every other
 * replica's stood at that entry.
 *
 * @param term the term of the last entry the checkpoint includes
 * @param index the index of that entry, 0 or more
 * @param timeMs the log's time once that entry was applied, epoch milliseconds
 */
public record LogPosition(long term, long index, long timeMs) {
    /**
     * @param term the term
     * @param index the index
     * @param timeMs the log time
     * @throws IllegalArgumentException if the term or index is negative
     */
    public LogPosition {
        if (term < 0 || index < 0) {
            throw new IllegalArgumentException("log position must not be negative: term=" + term + " index=" + index);
        }
    }
}
