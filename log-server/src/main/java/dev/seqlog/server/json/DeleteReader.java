package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.TagMatch;

import java.io.IOException;

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
                    match = PredicateReader.read(p, name);
                    break;
                default:
                    p.skipChildren();
            }
        }
        return new DeleteRequest(before, match);
    }
}
