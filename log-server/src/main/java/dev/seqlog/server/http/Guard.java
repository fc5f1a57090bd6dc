package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.server.auth.ApiKey;
import dev.seqlog.server.auth.Scope;

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

    static void name(ApiKey key, String name) {
        if (!key.allows(name)) {
            throw new SeqlogException(ErrorCode.FORBIDDEN, "this key may not use that name").with("name", name);
        }
    }
}
