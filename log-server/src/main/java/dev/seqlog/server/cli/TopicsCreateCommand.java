package dev.seqlog.server.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code topics create TOPIC}: creates or reconfigures a topic (PUT, an upsert, API §2.1). Each option is one
 * field of the topic config (API §1.15); only the given ones are sent. A PUT states the whole config, so on
 * an existing topic every field not given returns to its default, except the type, which is kept. Confined
 * to the caller.
 */
@Command(name = "create", description = {"Create or reconfigure a topic (PUT /v0/topics/TOPIC) and print it as "
        + "one JSON line.", "The options state the whole config: on an existing topic too, every field not "
        + "given returns to its default (the type is kept)."})
final class TopicsCreateCommand extends ClientCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic.")
    private String topic;

    @Option(names = "--type", paramLabel = "log|queue", description = "Kind of topic; immutable. Default: log.")
    private String type;
    @Option(names = "--ttl-ms", paramLabel = "MS", description = "Age limit of records; 0 is off. Default: 0.")
    private Long ttlMs;
    @Option(names = "--cap-records", paramLabel = "N", description = "Maximum live records; 0 is off. Default: 0.")
    private Long capRecords;
    @Option(names = "--cap-bytes", paramLabel = "BYTES", description = "Maximum live bytes; 0 is off. Default: 0.")
    private Long capBytes;
    @Option(names = "--discard", paramLabel = "old|reject",
            description = "At a cap: evict the oldest records, or reject the write. Default: old.")
    private String discard;
    @Option(names = "--durability", paramLabel = "CLASS",
            description = "ephemeral, memory, disk or fsync. Default: disk.")
    private String durability;
    @Option(names = "--priority", paramLabel = "N",
            description = "Manual priority, clamped to [-1000, 1000]. Default: none (automatic).")
    private Integer priority;
    @Option(names = "--auto-priority", paramLabel = "BOOL", arity = "1",
            description = "Derive priority from recent reads when none is set. Default: true.")
    private Boolean autoPriority;
    @Option(names = "--auto-create", paramLabel = "BOOL", arity = "1",
            description = "Whether writes and dead-lettering may create topics (API §1.15). Default: true.")
    private Boolean autoCreate;
    @Option(names = "--idempotency-window-ms", paramLabel = "MS",
            description = "How long idempotency keys are remembered; 0 disables. Default: 120000.")
    private Long idempotencyWindowMs;
    @Option(names = "--dedupe-node", paramLabel = "BOOL", arity = "1",
            description = "Whether reads honour the reader's node filter. Default: true.")
    private Boolean dedupeNode;
    @Option(names = "--lease-ms", paramLabel = "MS", description = "Queue: default lease length. Default: 30000.")
    private Long leaseMs;
    @Option(names = "--claim-jitter-ms", paramLabel = "MS",
            description = "Queue: claim coalescing window. Default: 0.")
    private Long claimJitterMs;
    @Option(names = "--max-deliveries", paramLabel = "N",
            description = "Queue: deliveries before dead-lettering; 0 is unlimited. Default: 0.")
    private Long maxDeliveries;
    @Option(names = "--dead-letter", paramLabel = "TOPIC",
            description = "Queue: topic receiving jobs over --max-deliveries. Default: none.")
    private String deadLetter;
    @Option(names = "--leases-durable", paramLabel = "BOOL", arity = "1",
            description = "Queue: persist lease state. Default: false.")
    private Boolean leasesDurable;

    TopicsCreateCommand(Streams io) {
        super(io);
    }

    @Override
    public Integer call() {
        check("--type", type, List.of("log", "queue"));
        check("--discard", discard, List.of("old", "reject"));
        check("--durability", durability, List.of("ephemeral", "memory", "disk", "fsync"));
        byte[] answer = Jsons.withoutPerformance(client().put("/topics/" + ApiClient.segment(topic), config()));
        io.out().write(answer, 0, answer.length);
        io.out().println();
        io.out().flush();
        return 0;
    }

    private void check(String option, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': '" + value + "' (expected " + String.join(", ", allowed)
                            + ")");
        }
    }

    private byte[] config() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Jsons.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            string(g, "type", type);
            u64(g, "ttl_ms", "--ttl-ms", ttlMs);
            u64(g, "cap_records", "--cap-records", capRecords);
            u64(g, "cap_bytes", "--cap-bytes", capBytes);
            string(g, "discard", discard);
            string(g, "durability", durability);
            if (priority != null) {
                g.writeNumberField("priority", priority);
            }
            bool(g, "auto_priority", autoPriority);
            bool(g, "auto_create", autoCreate);
            u64(g, "idempotency_window_ms", "--idempotency-window-ms", idempotencyWindowMs);
            bool(g, "dedupe_node", dedupeNode);
            u64(g, "lease_ms", "--lease-ms", leaseMs);
            u64(g, "claim_jitter_ms", "--claim-jitter-ms", claimJitterMs);
            u64(g, "max_deliveries", "--max-deliveries", maxDeliveries);
            string(g, "dead_letter", deadLetter);
            bool(g, "leases_durable", leasesDurable);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void string(JsonGenerator g, String field, String v) throws IOException {
        if (v != null) {
            g.writeStringField(field, v);
        }
    }

    private static void bool(JsonGenerator g, String field, Boolean v) throws IOException {
        if (v != null) {
            g.writeBooleanField(field, v);
        }
    }

    private void u64(JsonGenerator g, String field, String option, Long v) throws IOException {
        if (v == null) {
            return;
        }
        if (v < 0) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': '" + v + "' (must not be negative)");
        }
        g.writeNumberField(field, v);
    }
}
