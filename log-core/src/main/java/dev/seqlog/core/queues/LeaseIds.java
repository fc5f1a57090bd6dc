package dev.seqlog.core.queues;

import java.security.SecureRandom;

/**
 * Lease ids: {@code lease_} and 16 lowercase hex digits (API §10.3). Each is a number run through a bijective
 * 64-bit mix, so ids never repeat and do not reveal how many were handed out.
 *
 * <ul>
 *   <li>A single node's queue counts from a random salt: ids never repeat within a run, and across restarts a
 *       repeat would need a 64-bit collision.</li>
 *   <li>An engine whose operations live in an external log ({@link #fromLog()}) must mint the same ids on every
 *       replica, including one restarted from a checkpoint: its ids number the leases handed out while applying
 *       each entry, after the entry's index ({@code index << 24 | n}), so they follow from the log alone and an
 *       index never comes back.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class LeaseIds {
    private static final String PREFIX = "lease_";
    private static final SecureRandom SEEDS = new SecureRandom();
    /** Leases one entry may hand out: 4,096 claims of at most 4,096 jobs. */
    private static final long PER_ENTRY = 1L << 24;

    private final long salt;
    private final boolean logged;
    private long base;
    private long counter;

    private LeaseIds(long salt, boolean logged) {
        this.salt = salt;
        this.logged = logged;
    }

    /** @return the ids of one queue of a single node */
    static LeaseIds random() {
        return new LeaseIds(SEEDS.nextLong(), false);
    }

    /** @return the ids every queue of an engine with an external log mints; see {@link #applying(long)} */
    public static LeaseIds fromLog() {
        return new LeaseIds(0, true);
    }

    /**
     * Starts the ids of the entry at {@code index}: the leases its commands hand out are numbered from there.
     *
     * @param index the external log's index of the entry about to be applied, at least 1
     */
    public synchronized void applying(long index) {
        if (index < 1 || index >= Long.MAX_VALUE / PER_ENTRY) {
            throw new IllegalArgumentException("log index out of range: " + index);
        }
        base = index * PER_ENTRY;
        counter = 0;
    }

    /** @return a fresh id, never 0 */
    synchronized long next() {
        if (logged && counter == PER_ENTRY - 1) {
            throw new IllegalStateException("more than " + (PER_ENTRY - 1) + " leases in one log entry");
        }
        long id;
        do {
            id = mix(salt + base + ++counter);
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
