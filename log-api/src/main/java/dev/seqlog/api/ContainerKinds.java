package dev.seqlog.api;

/**
 * The kinds of the containers open while {@link CanonicalJson} reads a value: one bit per nesting level, set for
 * an object and clear for an array, so that deep nesting costs a few words and never the thread's stack.
 * Confined to its reader.
 */
final class ContainerKinds {
    private final long[] bits;

    /** @param maxDepth the deepest nesting to track */
    ContainerKinds(int maxDepth) {
        bits = new long[(maxDepth + 63) / 64];
    }

    /** Records the kind of the container opened at {@code depth}. */
    void set(int depth, boolean object) {
        long bit = 1L << (depth & 63);
        if (object) {
            bits[depth >>> 6] |= bit;
        } else {
            bits[depth >>> 6] &= ~bit;
        }
    }

    /** @return whether the container open at {@code depth} is an object */
    boolean isObject(int depth) {
        return (bits[depth >>> 6] & (1L << (depth & 63))) != 0;
    }
}
