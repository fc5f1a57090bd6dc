package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.api.SeqlogException;

import java.io.IOException;

/**
 * Typed, strict readers for one request field at the parser's current token; a wrong type, sign or
 * fraction is {@code invalid_request} naming the field. Stateless.
 */
final class Fields {
    /** Longest decimal lexeme that can still fit a long; longer ones are out of range. */
    private static final int MAX_LONG_DIGITS = 19;

    private Fields() {
    }

    /**
     * A u64 (0 to 2^64−1, API §1.6); values above {@code Long.MAX_VALUE} read as {@code Long.MAX_VALUE}
     * ({@link U64}). A negative, fractional or larger number, or any other type, is invalid_request.
     */
    static long u64(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw SeqlogException.invalid(field, field + " must be an integer");
        }
        String text = p.getText();
        if (text.charAt(0) == '-') {
            if (text.equals("-0")) {
                return 0;
            }
            throw SeqlogException.invalid(field, field + " must be a non-negative integer");
        }
        try {
            return U64.parse(text);
        } catch (NumberFormatException e) {
            throw SeqlogException.invalid(field, field + " is out of range (at most 18446744073709551615)");
        }
    }

    /**
     * An unsigned integer of a field documented as clamped; any value above {@code max}, however large,
     * is clamped to it.
     */
    static long u64Clamped(JsonParser p, String field, long max) throws IOException {
        long v = clampedInteger(p, field);
        if (v < 0) {
            throw SeqlogException.invalid(field, field + " must be a non-negative integer");
        }
        return Math.min(v, max);
    }

    /** A signed integer clamped into {@code [min, max]}. */
    static long i64Clamped(JsonParser p, String field, long min, long max) throws IOException {
        long v = clampedInteger(p, field);
        return Math.max(min, Math.min(max, v));
    }

    /**
     * An integer token; a lexeme beyond the long range saturates to {@code Long.MAX_VALUE} /
     * {@code Long.MIN_VALUE}.
     */
    private static long clampedInteger(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw SeqlogException.invalid(field, field + " must be an integer");
        }
        String text = p.getText();
        boolean negative = text.startsWith("-");
        int digits = text.length() - (negative ? 1 : 0);
        if (digits > MAX_LONG_DIGITS || (digits == MAX_LONG_DIGITS && !fitsLong(text))) {
            return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return Long.parseLong(text);
    }

    private static boolean fitsLong(String text) {
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean bool(JsonParser p, String field) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw SeqlogException.invalid(field, field + " must be a boolean");
    }

    static String string(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw SeqlogException.invalid(field, field + " must be a string");
        }
        return p.getText();
    }

    /** A string or null. */
    static String nullableString(JsonParser p, String field) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : string(p, field);
    }

    /** Requires the parser to sit on the start of an object. */
    static void expectObject(JsonParser p, String field) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw SeqlogException.invalid(field, (field == null ? "the body" : field) + " must be a JSON object");
        }
    }

    /** Requires nothing after the root value. */
    static void expectEnd(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw new SeqlogException(dev.seqlog.api.ErrorCode.INVALID_REQUEST, "trailing content after the JSON body");
        }
    }
}
