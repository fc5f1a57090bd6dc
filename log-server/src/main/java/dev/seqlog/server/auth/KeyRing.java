package dev.seqlog.server.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The configured API keys and bearer-token authentication (API §1.3). Secrets are hashed with SHA-256
 * while parsing and only digests are kept; a presented token is hashed and compared in constant time
 * against every key. Immutable and thread-safe once built.
 */
public final class KeyRing {
    private static final KeyRing EMPTY = new KeyRing(List.of());
    /** The authentication scheme word, in lower case; matched ASCII-case-insensitively. */
    private static final String SCHEME = "bearer";

    private final List<ApiKey> keys;

    private KeyRing(List<ApiKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** @return a ring with no keys: authentication off (dev mode) */
    public static KeyRing none() {
        return EMPTY;
    }

    /** @return whether authentication is on */
    public boolean enabled() {
        return !keys.isEmpty();
    }

    /** @return the keys, in configuration order */
    public List<ApiKey> keys() {
        return keys;
    }

    /**
     * Parses SEQLOG_API_KEYS. Fails closed: an empty secret, an unknown scope or a repeated secret
     * refuses the whole value. Messages name the entry by position, never by secret.
     *
     * @param spec the comma-separated entries; null or blank means no keys
     * @return the ring
     * @throws IllegalArgumentException describing the first problem
     */
    public static KeyRing parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return EMPTY;
        }
        List<ApiKey> out = new ArrayList<>();
        int position = 0;
        for (String raw : spec.split(",", -1)) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            position++;
            int c1 = entry.indexOf(':');
            int c2 = c1 < 0 ? -1 : entry.indexOf(':', c1 + 1);
            String secret = c1 < 0 ? entry : entry.substring(0, c1);
            String scopes = c1 < 0 ? "" : (c2 < 0 ? entry.substring(c1 + 1) : entry.substring(c1 + 1, c2));
            String prefixes = c2 < 0 ? "" : entry.substring(c2 + 1);
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("entry " + position + " has an empty secret");
            }
            Set<Scope> s = parseScopes(scopes, position);
            byte[] digest = sha256(secret);
            for (ApiKey k : out) {
                if (MessageDigest.isEqual(k.digest(), digest)) {
                    throw new IllegalArgumentException("entries " + (k.index() + 1) + " and " + position
                            + " have the same secret");
                }
            }
            out.add(new ApiKey(out.size(), digest, s, parsePrefixes(prefixes)));
        }
        return new KeyRing(out);
    }

    private static Set<Scope> parseScopes(String field, int position) {
        if (field.isEmpty()) {
            return EnumSet.allOf(Scope.class);
        }
        Set<Scope> s = EnumSet.noneOf(Scope.class);
        for (String token : field.split("\\+", -1)) {
            switch (token) {
                case "read", "r" -> s.add(Scope.READ);
                case "write", "w" -> s.add(Scope.WRITE);
                case "delete", "d" -> s.add(Scope.DELETE);
                case "admin", "a" -> s.add(Scope.ADMIN);
                case "rw" -> {
                    s.add(Scope.READ);
                    s.add(Scope.WRITE);
                }
                default -> throw new IllegalArgumentException("entry " + position + " has an unknown scope \""
                        + token + "\" (use read, write, delete, admin, r, w, d, a or rw, joined with +)");
            }
        }
        return s;
    }

    private static List<byte[]> parsePrefixes(String field) {
        if (field.isEmpty()) {
            return null;
        }
        List<byte[]> out = new ArrayList<>();
        for (String p : field.split("\\|", -1)) {
            if (p.isEmpty()) {
                return null; // an empty prefix matches every name
            }
            out.add(p.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * Authenticates an {@code Authorization} header value. The header must be exactly the scheme word
     * {@code Bearer} (ASCII letters in any case), one space, and a non-empty token that neither starts nor
     * ends with whitespace (API §1.3); anything else fails before any key is looked at.
     *
     * @param header the header, or null
     * @return the matching key, or null when the header is missing, malformed or matches no key
     */
    public ApiKey authenticate(String header) {
        String token = token(header);
        if (token == null) {
            return null;
        }
        byte[] digest = sha256(token);
        int found = -1;
        // visit every key whatever matched, so timing does not reveal which one did
        for (int i = 0; i < keys.size(); i++) {
            boolean eq = MessageDigest.isEqual(keys.get(i).digest(), digest);
            found = eq ? i : found;
        }
        return found < 0 ? null : keys.get(found);
    }

    /** The token of a well-formed bearer header, or null. */
    private static String token(String header) {
        int n = SCHEME.length();
        if (header == null || header.length() < n + 2 || header.charAt(n) != ' ') {
            return null;
        }
        for (int i = 0; i < n; i++) {
            // ASCII case folding only: no other character may stand for a letter of the scheme
            if ((header.charAt(i) | 0x20) != SCHEME.charAt(i)) {
                return null;
            }
        }
        if (isSpace(header.charAt(n + 1)) || isSpace(header.charAt(header.length() - 1))) {
            return null;
        }
        return header.substring(n + 1);
    }

    private static boolean isSpace(char c) {
        return c <= ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** Hashes a secret's UTF-8 bytes, wiping the temporary byte copy afterwards. */
    private static byte[] sha256(String secret) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes.duplicate());
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        } finally {
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
        }
    }
}
