package dev.seqlog.api;

import java.util.Objects;

/**
 * A tag predicate for deletes: exact ({@code Eq}) or prefix ({@code Glob} with a single trailing
 * {@code *}).
 *
 * @param prefix true for a prefix match
 * @param value the exact tag, or the prefix without its {@code *}
 */
public record TagMatch(boolean prefix, String value) {
    /**
     * Checks the value.
     *
     * @param prefix prefix flag
     * @param value tag or prefix
     */
    public TagMatch {
        Objects.requireNonNull(value, "value");
    }

    /**
     * An exact match.
     *
     * @param tag the tag
     * @return the predicate
     */
    public static TagMatch eq(String tag) {
        return new TagMatch(false, tag);
    }

    /**
     * A glob {@code P*}; the pattern must end with exactly one {@code *} and contain no other.
     *
     * @param pattern the pattern, e.g. {@code "chat-42:*"} or {@code "*"}
     * @return the predicate
     * @throws SeqlogException invalid_request for a malformed pattern
     */
    public static TagMatch glob(String pattern) {
        if (pattern == null || !pattern.endsWith("*") || pattern.indexOf('*') != pattern.length() - 1) {
            throw SeqlogException.invalid("match", "a Glob pattern must end with a single trailing '*'");
        }
        return new TagMatch(true, pattern.substring(0, pattern.length() - 1));
    }

    /**
     * Whether a tag satisfies this predicate; byte equality and byte prefix on valid UTF-8 strings equal
     * char equality and char prefix.
     *
     * @param tag a record's tag, or null
     * @return true if it matches
     */
    public boolean matches(String tag) {
        return tag != null && (prefix ? tag.startsWith(value) : tag.equals(value));
    }
}
