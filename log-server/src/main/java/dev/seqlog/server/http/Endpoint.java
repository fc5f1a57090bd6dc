package dev.seqlog.server.http;

import dev.seqlog.server.auth.Scope;

/**
 * One method on one path: the scope it needs, how it is gated, and its handler. Immutable.
 *
 * @param scope the scope the route requires, or null for none
 * @param kind how the readiness gate and authentication apply
 * @param handler the handler
 */
record Endpoint(Scope scope, Kind kind, Handler handler) {
    /** How the request checks of API §1.2 apply to an endpoint. */
    enum Kind {
        /** Readiness-gated, authenticated, counted against the in-flight cap. */
        DATA,
        /** Health and readiness: never gated; authenticated only with SEQLOG_PROBE_AUTH. */
        PROBE,
        /** Metrics: not gated by readiness, authenticated. */
        METRICS
    }

    /** A handler: parse, one engine call, render. May finish asynchronously. */
    @FunctionalInterface
    interface Handler {
        void handle(Exchange x) throws Exception;
    }
}
