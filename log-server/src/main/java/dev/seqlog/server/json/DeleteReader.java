package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a record-delete body (API §6): {@code before_seq} and the tag predicate. Stateless. */
final class DeleteReader {
    private DeleteReader() {
    }

    static DeleteRequest read(JsonParser p) throws IOException {
        Long before = null;
        TagMatch match = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "before_seq":
                    before = Fields.u64(p, name);
                    break;
                case "match":
                    match = readMatch(p);
                    break;
                default:
                    p.skipChildren();
            }
        }
        return new DeleteRequest(before, match);
    }

    private static TagMatch readMatch(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return TagMatch.eq(p.getText());
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw SeqlogException.invalid("match", "match must be [\"tag\", \"Eq\"|\"Glob\", value] or a string");
        }
        List<String> parts = new ArrayList<>(3);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING || parts.size() == 3) {
                throw SeqlogException.invalid("match", "match must be an array of three strings");
            }
            parts.add(p.getText());
        }
        if (parts.size() != 3) {
            throw SeqlogException.invalid("match", "match must be an array of three strings");
        }
        if (!"tag".equals(parts.get(0))) {
            throw SeqlogException.invalid("match", "match can only select on \"tag\"");
        }
        switch (parts.get(1)) {
            case "Eq":
                return TagMatch.eq(parts.get(2));
            case "Glob":
                return TagMatch.glob(parts.get(2));
            default:
                throw SeqlogException.invalid("match", "the match operator must be \"Eq\" or \"Glob\"");
        }
    }
}
