package dev.seqlog.client;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/** Small helpers shared by the client's calls: futures to results, argument checks, per-entry reads. Stateless. */
final class Calls {
    /** How many listing entries are read at once. */
    private static final int LIST_WINDOW = 8;

    private Calls() {
    }

    /**
     * A call whose argument checks may throw: a thrown exception completes the future instead.
     *
     * @param call makes the call
     * @param <T> the result type
     * @return the call's future
     */
    static <T> CompletableFuture<T> checked(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Reads one entry per name, a window at a time, in order; entries answered with {@code gone} (deleted since
     * the listing) are left out.
     *
     * @param names the names
     * @param get reads one entry
     * @param gone the code of an entry that no longer exists
     * @param <T> the entry type
     * @return the entries
     */
    static <T> List<T> each(List<String> names, Function<String, CompletableFuture<T>> get, ErrorCode gone) {
        List<T> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i += LIST_WINDOW) {
            List<CompletableFuture<T>> window = new ArrayList<>();
            for (String n : names.subList(i, Math.min(names.size(), i + LIST_WINDOW))) {
                window.add(get.apply(n));
            }
            for (CompletableFuture<T> f : window) {
                try {
                    out.add(join(f));
                } catch (SeqlogException e) {
                    if (e.code() != gone) {
                        throw e;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Waits for a future and throws what it failed with, unwrapped: a SeqlogException stays one.
     *
     * @param f the future
     * @param <T> its type
     * @return its value
     */
    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException | CancellationException e) {
            Throwable c = Errors.unwrap(e);
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new SeqlogException(ErrorCode.INTERNAL, "the call failed: " + c, c);
        }
    }
}
