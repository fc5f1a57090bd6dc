package dev.seqlog.server.auth;

import java.util.Locale;

/** A permission a key may hold (API §1.4). Immutable. */
public enum Scope {
    /** Reads: state, lists, diff, export, metrics. */
    READ,
    /** TopicRecord writes. */
    WRITE,
    /** TopicRecord and topic deletes. */
    DELETE,
    /** Topic configuration and creation with inline config. */
    ADMIN;

    /** @return the lowercase name used in {@code detail.required_scope} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
