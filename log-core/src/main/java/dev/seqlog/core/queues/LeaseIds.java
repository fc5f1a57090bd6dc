package dev.seqlog.core.queues;

import java.security.SecureRandom;

/**
 * Lease ids: {@code lease_} and 16 lowercase hex digits (API §10.3). Each is a counter run through a
 * bijective 64-bit mix with a random salt, so ids never repeat within a run and do not reveal how many were
 * handed out; across restarts a repeat would need a 64-bit collision.
 *
 * <p>Not thread-safe: guarded by the queue topic's lock.
 */
final class LeaseIds {
    private static final String PREFIX = "lease_";
    private static final SecureRandom SEEDS = new SecureRandom();

    private final long salt = SEEDS.nextLong();
    private long counter;

    /** @return a fresh id, never 0 */
    long next() {
        long id;
        do {
            id = mix(salt + ++counter);
        } while (id == 0);
        return id;
    }

    /** The finalizer of MurmurHash3: a bijection on 64-bit values. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** @return the id as the API shows it */
    static String format(long id) {
        String hex = Long.toHexString(id);
        return PREFIX + "0".repeat(16 - hex.length()) + hex;
    }

    /**
     * @param s an id as the API shows it
     * @return its value, or 0 if {@code s} is not one (0 matches no lease)
     */
    static long parse(String s) {
        if (s.length() != PREFIX.length() + 16 || !s.startsWith(PREFIX)) {
            return 0;
        }
        long v = 0;
        for (int i = PREFIX.length(); i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0 || Character.isUpperCase(s.charAt(i))) {
                return 0;
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
