package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.api.Names;
import dev.seqlog.api.RouterGuarantee;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;

import java.io.IOException;

/**
 * Reads the body of {@code PUT /v0/routers/:router} (API §7.1). Every field is read (a wrong type fails at once)
 * before the required ones are checked, source first, so the error does not depend on the order of the fields in
 * the body; an omitted option takes its default, which is what makes an update reset it. Unknown fields are
 * skipped, as in every body (API §1.1). Stateless.
 */
final class RouterReader {
    private RouterReader() {
    }

    static RouterSpec read(JsonParser p) throws IOException {
        String source = null;
        String dest = null;
        boolean preserveNode = true;
        boolean preserveTag = true;
        boolean createDest = true;
        TagMatch filter = null;
        boolean allowCycle = false;
        RouterGuarantee guarantee = RouterGuarantee.AT_LEAST_ONCE;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "source" -> source = Fields.string(p, name);
                case "dest" -> dest = Fields.string(p, name);
                case "preserve_node" -> preserveNode = Fields.bool(p, name);
                case "preserve_tag" -> preserveTag = Fields.bool(p, name);
                case "create_dest" -> createDest = Fields.bool(p, name);
                case "filter" -> filter = p.currentToken() == JsonToken.VALUE_NULL ? null : PredicateReader.read(p, name);
                case "allow_cycle" -> allowCycle = Fields.bool(p, name);
                case "guarantee" -> guarantee = RouterGuarantee.fromWire(Fields.string(p, name));
                default -> p.skipChildren();
            }
        }
        topic(source, "source");
        topic(dest, "dest");
        return new RouterSpec(source, dest, preserveNode, preserveTag, filter, allowCycle, guarantee, createDest);
    }

    /** A required topic name; an invalid one names both the topic and the field it came in. */
    private static void topic(String name, String field) {
        if (name == null) {
            throw SeqlogException.invalid(field, field + " is required");
        }
        try {
            Names.requireTopic(name);
        } catch (SeqlogException e) {
            throw e.with("field", field);
        }
    }
}
