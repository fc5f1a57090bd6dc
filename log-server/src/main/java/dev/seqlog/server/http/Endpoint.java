package dev.seqlog.server.http;

import dev.seqlog.server.auth.Scope;

import java.util.Set;

/**
 * One method on one path: the scopes it needs, how it is gated, whether it reads a body, where it runs, and
 * its handler. Immutable.
 *
 * @param scopes the scopes the route requires, all of them; empty for none
 * @param kind how the readiness gate and authentication apply
 * @param body whether the route reads a request body (read without blocking before the handler runs)
 * @param runs where the handler runs
 * @param handler the handler
 */
record Endpoint(Set<Scope> scopes, Kind kind, boolean body, Runs runs, Handler handler) {
    /** An endpoint needing one scope. */
    Endpoint(Scope scope, Kind kind, boolean body, Runs runs, Handler handler) {
        this(Set.of(scope), kind, body, runs, handler);
    }

    Endpoint {
        scopes = Set.copyOf(scopes);
    }

    /** How the request checks of API §1.2 apply to an endpoint. */
    enum Kind {
        /** Readiness-gated, authenticated, counted against the in-flight cap. */
        DATA,
        /** Health and readiness: never gated; authenticated only with SEQLOG_PROBE_AUTH. */
        PROBE,
        /** Metrics: not gated by readiness, authenticated. */
        METRICS,
        /**
         * A long-lived stream: readiness-gated; the handler authenticates (the key may come from the
         * {@code token} query parameter) and takes a connection slot instead of an in-flight one.
         */
        STREAM,
        /** The console's static files and redirects: never gated, never authenticated, not counted. */
        ASSET
    }

    /** Where a handler runs. */
    enum Runs {
        /**
         * On the connection's I/O thread: the handler never blocks (its engine call returns a future), so a
         * hand-off to a worker would only add latency. A large or compressed body is still parsed on a worker.
         */
        IO_THREAD,
        /** On a worker thread: the handler may block (a flush, a directory scan, a streamed response). */
        WORKER
    }

    /** A handler: parse, one engine call, render. May finish asynchronously. */
    @FunctionalInterface
    interface Handler {
        void handle(Exchange x) throws Exception;
    }
}
