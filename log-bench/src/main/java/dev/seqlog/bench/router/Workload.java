package dev.seqlog.bench.router;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.RecordView;
import dev.seqlog.bench.Payloads;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of a throughput run, built before any clock starts and shared by both sides: N distinct payloads
 * of one size, each naming its index, grouped into appends of B records. Distinct payloads let the check prove
 * that the copy at seq k is source record k. Immutable and thread-safe.
 */
final class Workload {
    /** Bytes of every payload: a JSON string. */
    static final int PAYLOAD_BYTES = 100;

    private final byte[][] payloads;
    private final List<AppendRequest> requests;
    private final int batch;

    private Workload(byte[][] payloads, List<AppendRequest> requests, int batch) {
        this.payloads = payloads;
        this.requests = requests;
        this.batch = batch;
    }

    /**
     * @param records how many records
     * @param batch records per append; the last append takes the rest
     * @return the workload
     */
    static Workload of(int records, int batch) {
        byte[][] payloads = new byte[records][];
        List<AppendRequest> requests = new ArrayList<>((records + batch - 1) / batch);
        List<RecordInput> group = new ArrayList<>(batch);
        for (int i = 0; i < records; i++) {
            payloads[i] = Payloads.taggedJsonString("r" + i + "-", PAYLOAD_BYTES);
            group.add(RecordInput.json(payloads[i].clone())); // the input owns its bytes; the check keeps these
            if (group.size() == batch || i == records - 1) {
                requests.add(AppendRequest.of(group));
                group.clear();
            }
        }
        return new Workload(payloads, List.copyOf(requests), batch);
    }

    /** @return the number of records */
    int records() {
        return payloads.length;
    }

    /** @return records per append */
    int batch() {
        return batch;
    }

    /** @return the appends, in order */
    List<AppendRequest> requests() {
        return requests;
    }

    /**
     * @param index a record's index, from 0
     * @param record a record read back
     * @return whether its data is this workload's record at {@code index}
     */
    boolean holds(int index, RecordView record) {
        byte[] expected = payloads[index];
        if (record.dataLength() != expected.length) {
            return false;
        }
        ByteBuffer b = record.buffer();
        int at = record.dataOffset();
        for (int i = 0; i < expected.length; i++) {
            if (b.get(at + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
