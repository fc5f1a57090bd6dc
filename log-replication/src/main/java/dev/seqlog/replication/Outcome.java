package dev.seqlog.replication;

import dev.seqlog.api.SeqlogException;

/**
 * What applying one command produced on the replica that answered: the success value the engine returned
 * ({@link dev.seqlog.api.AppendResult}, {@link dev.seqlog.api.ConfigureResult}, {@link dev.seqlog.api.TopicDeletion},
 * {@link dev.seqlog.api.DeleteResult}, or null for a tick) or the error it raised.
 *
 * @param value the success value, null on error (and for a tick)
 * @param error the refusal, or null on success
 */
record Outcome(Object value, SeqlogException error) {

    static Outcome ok(Object value) {
        return new Outcome(value, null);
    }

    static Outcome failed(SeqlogException error) {
        return new Outcome(null, error);
    }

    boolean isError() {
        return error != null;
    }
}
