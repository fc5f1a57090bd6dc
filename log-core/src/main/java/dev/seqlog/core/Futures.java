package dev.seqlog.core;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** How the engine turns what an asynchronous call throws before returning into a failed future. Stateless. */
final class Futures {
    private Futures() {
    }

    /** Runs an asynchronous call, turning what it throws before returning a future into a failed future. */
    static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
