package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.Limits;
import dev.seqlog.api.SeqlogException;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/** Reads a diff body (API §4): cursor, clamped limits, reader node ids, long-poll wait. Stateless. */
final class DiffReader {
    private DiffReader() {
    }

    static BodyReader.DiffBody read(JsonParser p, Limits limits) throws IOException {
        long from = 0;
        long limit = 0;
        Set<String> nodes = Set.of();
        boolean tags = false;
        boolean meta = true;
        long wait = 0;
        long budget = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "from_seq":
                    from = Fields.u64(p, name);
                    break;
                case "limit":
                    limit = Fields.u64Clamped(p, name, limits.maxLimit());
                    break;
                case "node":
                    nodes = readNodes(p, limits);
                    break;
                case "include_tags":
                    tags = Fields.bool(p, name);
                    break;
                case "include_meta":
                    meta = Fields.bool(p, name);
                    break;
                case "wait_ms":
                    wait = Fields.u64Clamped(p, name, BodyReader.MAX_WAIT_MS);
                    break;
                case "max_batch_bytes":
                    budget = Fields.u64Clamped(p, name, DiffRequest.MAX_BATCH_BYTES);
                    break;
                default:
                    p.skipChildren();
            }
        }
        return new BodyReader.DiffBody(new DiffRequest(from, (int) limit, nodes, tags, meta, budget), wait);
    }

    /** One node id or an array of them; their number is checked by {@link DiffRequest}. */
    static Set<String> readNodes(JsonParser p, Limits limits) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            String node = p.getText();
            limits.checkNode(node);
            out.add(node);
            return out;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw SeqlogException.invalid("node", "node must be a string or an array of strings");
        }
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String node = Fields.string(p, "node");
            limits.checkNode(node);
            out.add(node);
            n++;
        }
        if (n == 0) {
            throw SeqlogException.invalid("node", "a node array needs at least one entry");
        }
        return out;
    }
}
