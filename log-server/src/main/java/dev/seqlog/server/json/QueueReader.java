package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.Limits;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the bodies of the queue routes (API §10.2–§10.7): a claim's {@code node}, {@code max} and
 * {@code lease_ms}, and the {@code node}, {@code seqs}, {@code lease_ids} and duration of an ack, nack or
 * extend. Every field is read before the required ones are checked, in a fixed order (node, seqs, lease ids,
 * duration), so the error does not depend on the order of the fields in the body. A {@code seqs} array longer
 * than the claim limit is counted, not kept, so a large body costs no memory beyond the limit. Stateless.
 */
final class QueueReader {
    /** First size of the seqs buffer; it doubles up to the claim limit. */
    private static final int SEQS_INITIAL = 16;

    private QueueReader() {
    }

    /** Body of a claim (API §10.3). */
    static ClaimRequest claim(JsonParser p, Limits limits, int maxClaim) throws IOException {
        String node = null;
        long max = 0;
        Long leaseMs = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "node" -> node = Fields.string(p, name);
                case "max" -> max = Fields.u64Clamped(p, name, maxClaim);
                case "lease_ms" -> leaseMs = Fields.u64Clamped(p, name, TopicConfig.MAX_LEASE_MS);
                default -> p.skipChildren();
            }
        }
        checkNode(node, limits);
        return new ClaimRequest(node, (int) max, leaseMs);
    }

    /**
     * Body of an ack, nack or extend (API §10.2).
     *
     * @param duration the duration field of the call ({@code delay_ms}, {@code lease_ms}), or null for none
     * @param durationRequired whether a body without it is refused
     */
    static BodyReader.LeaseBody lease(JsonParser p, Limits limits, int maxClaim, String duration,
                                      boolean durationRequired) throws IOException {
        String node = null;
        Seqs seqs = null;
        List<String> leaseIds = null;
        Long ms = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals(duration)) {
                ms = Fields.u64Clamped(p, name, TopicConfig.MAX_LEASE_MS);
                continue;
            }
            switch (name) {
                case "node" -> node = Fields.string(p, name);
                case "seqs" -> seqs = seqs(p, maxClaim);
                case "lease_ids" -> leaseIds = leaseIds(p, maxClaim);
                default -> p.skipChildren();
            }
        }
        checkNode(node, limits);
        if (seqs == null) {
            throw SeqlogException.invalid("seqs", "seqs is required");
        }
        LeaseRequest request = LeaseRequest.of(node, seqs.checked(maxClaim));
        if (leaseIds != null) {
            request = request.withLeaseIds(leaseIds);
        }
        if (ms == null && durationRequired) {
            throw SeqlogException.invalid(duration, duration + " is required");
        }
        return new BodyReader.LeaseBody(request, ms == null ? 0 : ms);
    }

    private static void checkNode(String node, Limits limits) {
        if (node == null) {
            throw SeqlogException.invalid("node", "node is required: it names the worker holding the leases");
        }
        limits.checkNode(node);
    }

    /** The seqs read: at most the claim limit kept, all counted. */
    private record Seqs(long[] kept, int count) {
        /** @return the seqs, checked for emptiness and the limit (API §10.2) */
        long[] checked(int maxClaim) {
            if (count == 0) {
                throw SeqlogException.invalid("seqs", "seqs must name at least one seq");
            }
            if (count > maxClaim) {
                throw new SeqlogException(ErrorCode.BATCH_TOO_LARGE, "a queue call may name at most " + maxClaim
                        + " seqs").with("limit", "max_claim").with("max", maxClaim).with("count", count);
            }
            return Arrays.copyOf(kept, count);
        }
    }

    private static Seqs seqs(JsonParser p, int maxClaim) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw SeqlogException.invalid("seqs", "seqs must be an array of seqs");
        }
        long[] kept = new long[Math.min(SEQS_INITIAL, maxClaim)];
        int count = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            long seq = Fields.u64(p, "seqs");
            if (count < maxClaim) {
                if (count == kept.length) {
                    kept = Arrays.copyOf(kept, (int) Math.min(maxClaim, 2L * kept.length));
                }
                kept[count] = seq;
            }
            count++;
        }
        return new Seqs(kept, count);
    }

    /** The lease ids; one past the limit is kept, so a length mismatch still shows. */
    private static List<String> leaseIds(JsonParser p, int maxClaim) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw SeqlogException.invalid("lease_ids", "lease_ids must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String id = Fields.string(p, "lease_ids");
            if (out.size() <= maxClaim) {
                out.add(id);
            }
        }
        return out;
    }
}
