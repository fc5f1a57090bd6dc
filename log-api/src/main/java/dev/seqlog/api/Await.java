package dev.seqlog.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** How {@link EventLog}'s synchronous calls wait for their asynchronous forms. Stateless. */
final class Await {
    private Await() {
    }

    /** Waits for {@code f} and throws what it failed with, unwrapped: a SeqlogException stays one. */
    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
