package dev.seqlog.server.json;

/**
 * Reads an unsigned 64-bit decimal, the {@code u64} of the API (0 to 2^64−1), into a Java {@code long}.
 * Values above {@code Long.MAX_VALUE} (2^63−1) are valid input but have no {@code long} form; they read
 * as {@code Long.MAX_VALUE}, which means the same for every u64 field of the API: a seq, count, byte total
 * or duration no topic can reach (API §1.6). Stateless.
 */
public final class U64 {
    private U64() {
    }

    /**
     * Parses a run of ASCII digits.
     *
     * @param digits the decimal text, digits only (no sign)
     * @return the value, or {@code Long.MAX_VALUE} for 2^63 to 2^64−1
     * @throws NumberFormatException if the text is empty, holds anything but digits, or is 2^64 or more
     */
    public static long parse(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not an unsigned decimal");
            }
        }
        long v = Long.parseUnsignedLong(digits); // refuses the empty string and anything past 2^64-1
        return v < 0 ? Long.MAX_VALUE : v;
    }
}
