package dev.seqlog.core;

/**
 * A position in an external, replicated log (a Raft term and index): what a checkpoint of an engine with
 * {@link EngineOptions.Builder#externalLog(boolean) externalLog} records, so that after a restart the
 * external log replays only the entries after it.
 *
 * @param term the term of the last entry the checkpoint includes
 * @param index the index of that entry, 0 or more
 */
public record LogPosition(long term, long index) {
    /**
     * @param term the term
     * @param index the index
     * @throws IllegalArgumentException if either is negative
     */
    public LogPosition {
        if (term < 0 || index < 0) {
            throw new IllegalArgumentException("log position must not be negative: term=" + term + " index=" + index);
        }
    }
}
