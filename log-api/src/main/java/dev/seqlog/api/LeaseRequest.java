package dev.seqlog.api;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The jobs an ack, nack or extend names (API §10.2): the worker, its seqs and, optionally, the lease id it got
 * for each, which fences a worker whose lease was replaced.
 *
 * <p>Immutable; thread-safe.
 */
public final class LeaseRequest {
    private final String node;
    private final long[] seqs;
    private final List<String> leaseIds;

    private LeaseRequest(String node, long[] seqs, List<String> leaseIds) {
        this.node = node;
        this.seqs = seqs;
        this.leaseIds = leaseIds;
    }

    /**
     * @param node the worker holding the leases
     * @param seqs the jobs, at least one; a seq repeated is processed once
     * @return the request, matching by node only
     * @throws SeqlogException invalid_request for no seq or a negative one
     */
    public static LeaseRequest of(String node, long... seqs) {
        Objects.requireNonNull(seqs, "seqs");
        if (seqs.length == 0) {
            throw SeqlogException.invalid("seqs", "must name at least one seq");
        }
        for (long s : seqs) {
            if (s < 0) {
                throw SeqlogException.invalid("seqs", "must not be negative");
            }
        }
        return new LeaseRequest(node, seqs.clone(), null);
    }

    /**
     * This request fenced by lease ids: a seq is processed only if its current lease has the given id. Default:
     * no fencing, any lease the node holds.
     *
     * @param ids the lease id of each seq, in the same order
     * @return this request fenced by lease ids
     * @throws SeqlogException invalid_request if the lengths differ or an id is null
     */
    public LeaseRequest withLeaseIds(List<String> ids) {
        if (ids.size() != seqs.length) {
            throw SeqlogException.invalid("lease_ids", "must have as many entries as seqs");
        }
        for (String id : ids) {
            if (id == null) {
                throw SeqlogException.invalid("lease_ids", "must not contain null");
            }
        }
        return new LeaseRequest(node, seqs, List.copyOf(ids));
    }

    /** @return the worker */
    public String node() {
        return node;
    }

    /** @return how many seqs the request names */
    public int size() {
        return seqs.length;
    }

    /**
     * @param i an index below {@link #size()}
     * @return the i-th seq
     */
    public long seq(int i) {
        return seqs[i];
    }

    /** @return a copy of the seqs */
    public long[] seqs() {
        return seqs.clone();
    }

    /** @return the lease ids, or null when matching is by node only */
    public List<String> leaseIds() {
        return leaseIds;
    }

    @Override
    public String toString() {
        return "LeaseRequest{node=" + node + ", seqs=" + Arrays.toString(seqs) + ", leaseIds=" + leaseIds + "}";
    }
}
