package dev.seqlog.bench;

import dev.seqlog.api.Durability;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/** Parsing of the benchmark tools' flags that more than one tool takes. Stateless. */
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

    /**
     * A comma list of distinct values, in the order given; a repeated value counts once.
     *
     * @param flag the flag, for the message
     * @param v its value
     * @param one parses one element, throwing {@link IllegalArgumentException} for a bad one
     * @param <T> the element type
     * @return the values
     * @throws IllegalArgumentException for an empty element or a bad value
     */
    public static <T> List<T> list(String flag, String v, Function<String, T> one) {
        Set<T> out = new LinkedHashSet<>();
        for (String s : v.split(",")) {
            if (s.isBlank()) {
                throw new IllegalArgumentException(flag + " takes a comma list, got " + v);
            }
            out.add(one.apply(s.trim()));
        }
        return new ArrayList<>(out);
    }

    /**
     * @param flag the flag, for the message
     * @param v {@code disk} or {@code fsync}, in any case: the classes that write to disk
     * @return the class
     * @throws IllegalArgumentException for any other value
     */
    public static Durability diskClass(String flag, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "disk" -> Durability.DISK;
            case "fsync" -> Durability.FSYNC;
            default -> throw new IllegalArgumentException(flag + " takes disk and/or fsync, got " + v);
        };
    }
}
