package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.api.SeqlogException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of {@code PUT /v0/cluster/peers}: {@code {"peers": ["id=host:port", ...]}}, the voters of the new
 * configuration as text (each entry is parsed by the handler). Unknown fields are skipped, as in every body; a
 * refusal is {@code invalid_request} with {@code field: "peers"} and {@code reason: "bad_peer"}.
 * Stateless.
 */
final class PeersReader {
    /** More members than any sensible Raft group: a bound on what one body may ask for. */
    static final int MAX_PEERS = 64;

    private PeersReader() {
    }

    static List<String> read(JsonParser p) throws IOException {
        List<String> peers = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (!name.equals("peers")) {
                p.skipChildren();
                continue;
            }
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw bad("peers must be an array of \"id=host:port\" strings");
            }
            peers = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    throw bad("peers must be an array of \"id=host:port\" strings");
                }
                if (peers.size() == MAX_PEERS) {
                    throw bad("peers lists more than " + MAX_PEERS + " members");
                }
                peers.add(p.getText());
            }
        }
        if (peers == null || peers.isEmpty()) {
            throw bad("peers is required: the voters of the new configuration, each \"id=host:port\"");
        }
        return peers;
    }

    private static SeqlogException bad(String message) {
        return SeqlogException.invalid("peers", message).with("reason", "bad_peer");
    }
}
