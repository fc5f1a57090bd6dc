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

    /** An unsigned integer that must fit a signed long. */
    static long u64(JsonParser p, String field) throws IOException {
        long v = clampedInteger(p, field, Long.MAX_VALUE, true);
        if (v < 0) {
            throw SeqlogException.invalid(field, field + " must be a non-negative integer");
        }
        return v;
    }

    /** An unsigned integer; values above {@code max} are clamped to it. */
    static long u64Clamped(JsonParser p, String field, long max) throws IOException {
        long v = clampedInteger(p, field, Long.MAX_VALUE, false);
        if (v < 0) {
            throw SeqlogException.invalid(field, field + " must be a non-negative integer");
        }
        return Math.min(v, max);
    }

    /** A signed integer clamped into {@code [min, max]}. */
    static long i64Clamped(JsonParser p, String field, long min, long max) throws IOException {
        long v = clampedInteger(p, field, Long.MAX_VALUE, false);
        return Math.max(min, Math.min(max, v));
    }

    /**
     * An integer token; a lexeme beyond the long range either fails ({@code strict}) or saturates to
     * {@code Long.MAX_VALUE} / {@code Long.MIN_VALUE}.
     */
    private static long clampedInteger(JsonParser p, String field, long max, boolean strict) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw SeqlogException.invalid(field, field + " must be an integer");
        }
        String text = p.getText();
        boolean negative = text.startsWith("-");
        int digits = text.length() - (negative ? 1 : 0);
        if (digits > MAX_LONG_DIGITS || (digits == MAX_LONG_DIGITS && !fitsLong(text))) {
            if (strict && !negative) {
                throw SeqlogException.invalid(field, field + " is out of range");
            }
            return negative ? Long.MIN_VALUE : max;
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
