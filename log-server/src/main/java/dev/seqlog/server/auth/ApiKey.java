package dev.seqlog.server.auth;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One configured key as kept at rest: the SHA-256 digest of its secret (never the secret), its
 * scopes and its name-prefix allowlist. Also the identity of an authenticated request. Immutable.
 */
public final class ApiKey {
    /** The identity of every request when authentication is off: all scopes, every name. */
    public static final ApiKey DEV_MODE = new ApiKey(-1, new byte[0], EnumSet.allOf(Scope.class), null);

    private final int index;
    private final byte[] digest;
    private final Set<Scope> scopes;
    private final List<byte[]> prefixes;

    ApiKey(int index, byte[] digest, Set<Scope> scopes, List<byte[]> prefixes) {
        this.index = index;
        this.digest = digest;
        this.scopes = EnumSet.copyOf(scopes);
        this.prefixes = prefixes == null ? null : List.copyOf(prefixes);
    }

    /** @return the entry's position in SEQLOG_API_KEYS (0-based), -1 in dev mode; safe to log */
    public int index() {
        return index;
    }

    byte[] digest() {
        return digest;
    }

    /**
     * @param s a scope
     * @return whether this key holds it
     */
    public boolean has(Scope s) {
        return scopes.contains(s);
    }

    /** @return whether the key may name every topic (no prefix restriction) */
    public boolean unrestricted() {
        return prefixes == null;
    }

    /**
     * Whether a name passes the allowlist: a raw byte-prefix test against each prefix.
     *
     * @param name a topic name as received (possibly invalid)
     * @return true if allowed
     */
    public boolean allows(String name) {
        if (prefixes == null) {
            return true;
        }
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        for (byte[] p : prefixes) {
            if (startsWith(n, p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] n, byte[] p) {
        if (p.length > n.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (n[i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return index < 0 ? "ApiKey{dev-mode}" : "ApiKey{#" + index + ", scopes=" + scopes + "}";
    }
}
