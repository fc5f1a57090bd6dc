package dev.seqlog.bench;

/** Parsing of the benchmark tools' numeric flags. Stateless. */
public final class Flags {
    private Flags() {
    }

    /**
     * @param flag the flag, for the message
     * @param v its value; {@code _} and {@code ,} may group digits
     * @return the value, at least 1
     * @throws IllegalArgumentException if it is not a positive integer
     */
    public static int positive(String flag, String v) {
        try {
            int n = Integer.parseInt(v.replace("_", "").replace(",", ""));
            if (n <= 0) {
                throw new IllegalArgumentException(flag + " must be positive, got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs an integer, got " + v, e);
        }
    }
}
