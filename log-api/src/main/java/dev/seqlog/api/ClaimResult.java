package dev.seqlog.api;

import java.util.List;

/**
 * What a claim leased (API §10.3). Fewer jobs than asked, or none, is the normal sign of a (nearly)
 * empty queue.
 *
 * @param topic the queue
 * @param claimed the leased jobs, ascending by seq
 * @param ready claimable jobs left after the pass
 */
public record ClaimResult(String topic, List<Job> claimed, long ready) {
    /** @return the number of jobs leased */
    public int count() {
        return claimed.size();
    }
}
