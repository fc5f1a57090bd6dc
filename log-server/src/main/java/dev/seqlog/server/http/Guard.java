package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.server.auth.ApiKey;
import dev.seqlog.server.auth.Scope;

import java.util.Set;
import java.util.StringJoiner;

/** Authorization checks of API §1.4: scopes and the name-prefix allowlist. Stateless. */
final class Guard {
    private Guard() {
    }

    static void scope(ApiKey key, Scope s) {
        if (!key.has(s)) {
            throw new SeqlogException(ErrorCode.FORBIDDEN, "this key lacks the " + s.wireName() + " scope")
                    .with("required_scope", s.wireName());
        }
    }

    /**
     * Requires every scope of a route; a key missing any is told the whole requirement, such as
     * {@code read+write} for a claim (API §1.4).
     */
    static void scopes(ApiKey key, Set<Scope> required) {
        for (Scope s : required) {
            if (!key.has(s)) {
                String wire = wireName(required);
                throw new SeqlogException(ErrorCode.FORBIDDEN, "this key lacks the " + wire + " scope")
                        .with("required_scope", wire);
            }
        }
    }

    /** The scopes joined with {@code +} in their declared order. */
    private static String wireName(Set<Scope> scopes) {
        StringJoiner j = new StringJoiner("+");
        for (Scope s : Scope.values()) {
            if (scopes.contains(s)) {
                j.add(s.wireName());
            }
        }
        return j.toString();
    }

    static void name(ApiKey key, String name) {
        if (!key.allows(name)) {
            throw new SeqlogException(ErrorCode.FORBIDDEN, "this key may not use that name").with("name", name);
        }
    }
}
