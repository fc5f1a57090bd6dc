package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicType;

import java.io.IOException;

/** Reads a topic config object (API §1.15) from the parser's current token. Stateless. */
final class ConfigReader {
    private ConfigReader() {
    }

    /**
     * Reads the object at the current token, leaving the parser on its END_OBJECT.
     *
     * @param p the parser on START_OBJECT
     * @param topic the topic being configured, to refuse a dead_letter naming itself
     * @param field the field name for errors ({@code "config"}), or null for a whole body
     */
    static TopicConfig read(JsonParser p, String topic, String field) throws IOException {
        Fields.expectObject(p, field);
        TopicConfig.Builder b = TopicConfig.builder();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "type":
                    b.type(TopicType.fromWire(Fields.string(p, name)));
                    break;
                case "ttl_ms":
                    b.ttlMs(Fields.u64(p, name));
                    break;
                case "cap_records":
                    b.capRecords(Fields.u64(p, name));
                    break;
                case "cap_bytes":
                    b.capBytes(Fields.u64(p, name));
                    break;
                case "discard":
                    b.discard(Discard.fromWire(Fields.string(p, name)));
                    break;
                case "durable":
                    b.durable(Fields.bool(p, name));
                    break;
                case "durability":
                    b.durability(Durability.fromWire(Fields.string(p, name)));
                    break;
                case "priority":
                    b.priority(p.currentToken() == JsonToken.VALUE_NULL ? null
                            : (int) Fields.i64Clamped(p, name, -TopicConfig.PRIORITY_BOUND, TopicConfig.PRIORITY_BOUND));
                    break;
                case "auto_priority":
                    b.autoPriority(Fields.bool(p, name));
                    break;
                case "auto_create":
                    b.autoCreate(Fields.bool(p, name));
                    break;
                case "idempotency_window_ms":
                    b.idempotencyWindowMs(Fields.u64Clamped(p, name, TopicConfig.MAX_IDEMPOTENCY_WINDOW_MS));
                    break;
                case "dedupe_node":
                    b.dedupeNode(Fields.bool(p, name));
                    break;
                case "lease_ms":
                    b.leaseMs(Fields.u64Clamped(p, name, TopicConfig.MAX_LEASE_MS));
                    break;
                case "claim_jitter_ms":
                    b.claimJitterMs(Fields.u64Clamped(p, name, TopicConfig.MAX_CLAIM_JITTER_MS));
                    break;
                case "max_deliveries":
                    b.maxDeliveries(Fields.u64(p, name));
                    break;
                case "dead_letter":
                    String dl = Fields.nullableString(p, name);
                    if (dl != null && dl.equals(topic)) {
                        throw SeqlogException.invalid(name, "dead_letter must differ from the topic itself");
                    }
                    b.deadLetter(dl);
                    break;
                case "leases_durable":
                    b.leasesDurable(Fields.bool(p, name));
                    break;
                default:
                    p.skipChildren();
            }
        }
        return b.build();
    }
}
