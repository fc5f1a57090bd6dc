package dev.seqlog.server.json;

import dev.seqlog.api.AppendRequest;

/**
 * A parsed record write: the engine request plus what authorization needs to know about its body.
 * Immutable.
 *
 * @param request the append request
 * @param hasConfig whether the body carried an inline {@code config}
 * @param disableBackpressure the {@code disable_backpressure} flag (no load shedding yet, so unused)
 */
public record ParsedWrite(AppendRequest request, boolean hasConfig, boolean disableBackpressure) {
    /** @return the inline config's dead_letter, or null */
    public String deadLetter() {
        return request.config() == null ? null : request.config().deadLetter();
    }

    /**
     * This write without its inline config, for a caller not allowed to create with one.
     *
     * @return the stripped write
     */
    public ParsedWrite withoutConfig() {
        AppendRequest r = request;
        return new ParsedWrite(new AppendRequest(r.records(), r.node(), r.idempotencyKey(), r.create(), null),
                false, disableBackpressure);
    }
}
