package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;

/**
 * Turns a JSON syntax error into {@code invalid_request} in seqlog's own words: what is wrong, at which byte,
 * and inside which field. The parser's own text (token dumps, character codes, source excerpts) never reaches
 * a client: it is not part of the contract and can echo payload bytes. Stateless; thread-safe.
 */
final class SyntaxErrors {
    private SyntaxErrors() {
    }

    static SeqlogException of(JsonProcessingException e) {
        String path = path(e);
        StringBuilder m = new StringBuilder("malformed JSON: ").append(problem(e));
        JsonLocation at = e.getLocation();
        long offset = at == null ? -1 : at.getByteOffset() >= 0 ? at.getByteOffset() : at.getCharOffset();
        if (offset >= 0) {
            m.append(" at byte ").append(offset);
        }
        if (!path.isEmpty()) {
            m.append(" (in ").append(path).append(')');
        }
        SeqlogException out = new SeqlogException(ErrorCode.INVALID_REQUEST, m.toString());
        return path.isEmpty() ? out : out.with("field", path);
    }

    /**
     * The kind of mistake. The parser reports it only as text, so its message is classified here and never
     * passed on; an unrecognised one reads as plain invalid syntax.
     */
    private static String problem(JsonProcessingException e) {
        if (e instanceof JsonEOFException) {
            return "the body ends before the JSON value is complete";
        }
        if (e instanceof InputCoercionException) {
            return "a number is out of range";
        }
        String raw = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (raw.startsWith("Unexpected end-of-input")) {
            return "the body ends before the JSON value is complete";
        }
        if (raw.startsWith("Unrecognized token")) {
            return "a bare word where a value was expected (strings need double quotes; literals are true, "
                    + "false and null)";
        }
        if (raw.startsWith("Illegal unquoted character")) {
            return "a control character inside a string (it must be escaped)";
        }
        if (raw.startsWith("Unrecognized character escape")) {
            return "an invalid escape sequence inside a string";
        }
        if (raw.startsWith("Invalid numeric value") || raw.startsWith("Non-standard token")
                || raw.contains("Leading zeroes")) {
            return "an invalid number";
        }
        if (raw.startsWith("Duplicate field")) {
            return "a field appears twice";
        }
        if (raw.startsWith("Unexpected close marker")) {
            return "a closing bracket that does not match the open object or array";
        }
        if (raw.startsWith("Unexpected character") && raw.contains("was expecting double-quote")) {
            return "a field name must be a double-quoted string";
        }
        if (raw.startsWith("Unexpected character") && raw.contains("was expecting comma")) {
            return "a comma or the end of the object or array was expected";
        }
        if (raw.startsWith("Unexpected character") && raw.contains("was expecting a colon")) {
            return "a colon was expected after the field name";
        }
        if (raw.startsWith("Unexpected character")) {
            return "a character that cannot start a value here";
        }
        return "invalid JSON syntax";
    }

    /** Where the parser was, as {@code records[0].data}; empty at the top level. */
    private static String path(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser p) || p.getParsingContext() == null) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        for (JsonPointer ptr = p.getParsingContext().pathAsPointer(); !ptr.matches(); ptr = ptr.tail()) {
            if (ptr.mayMatchElement()) {
                s.append('[').append(ptr.getMatchingIndex()).append(']');
            } else {
                s.append(s.length() == 0 ? "" : ".").append(ptr.getMatchingProperty());
            }
        }
        return s.toString();
    }
}
