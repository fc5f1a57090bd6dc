package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a tag predicate in the grammar of API §6: {@code ["tag","Eq","X"]}, {@code ["tag","Glob","P*"]}, or a bare
 * string meaning Eq. Shared by a record delete's {@code match} and a router's {@code filter}; errors name the field
 * being read. Stateless.
 */
final class PredicateReader {
    private PredicateReader() {
    }

    /**
     * Reads the predicate at the parser's current token, leaving the parser on its last token.
     *
     * @param p the parser
     * @param field the field holding the predicate, for errors
     * @return the predicate
     * @throws SeqlogException invalid_request (detail.field) for anything outside the grammar
     */
    static TagMatch read(JsonParser p, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return TagMatch.eq(p.getText());
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw SeqlogException.invalid(field, field + " must be [\"tag\", \"Eq\"|\"Glob\", value] or a string");
        }
        List<String> parts = new ArrayList<>(3);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING || parts.size() == 3) {
                throw SeqlogException.invalid(field, field + " must be an array of three strings");
            }
            parts.add(p.getText());
        }
        if (parts.size() != 3) {
            throw SeqlogException.invalid(field, field + " must be an array of three strings");
        }
        if (!"tag".equals(parts.get(0))) {
            throw SeqlogException.invalid(field, field + " can only select on \"tag\"");
        }
        switch (parts.get(1)) {
            case "Eq":
                return TagMatch.eq(parts.get(2));
            case "Glob":
                return glob(parts.get(2), field);
            default:
                throw SeqlogException.invalid(field, "the " + field + " operator must be \"Eq\" or \"Glob\"");
        }
    }

    /** The pattern rule lives in {@link TagMatch#glob}; only the field it reports is this one's. */
    private static TagMatch glob(String pattern, String field) {
        try {
            return TagMatch.glob(pattern);
        } catch (SeqlogException e) {
            throw SeqlogException.invalid(field, e.getMessage());
        }
    }
}
