package dev.seqlog.bench.replication;

import dev.seqlog.bench.Payloads;

import java.nio.charset.StandardCharsets;

/**
 * The records of the failover section: each carries the idempotency key it was written with, so a read-back
 * knows which write a record is. A record is a JSON string of the configured length: a quote, the key, a
 * {@code |}, padding, a quote. Stateless.
 */
final class RecordKeys {
    /** The shortest record that holds any key this benchmark makes. */
    static final int MIN_RECORD_BYTES = 32;
    private static final char END = '|';

    private RecordKeys() {
    }

    /**
     * @param writer the writer's number
     * @param n the writer's n-th write
     * @return the write's idempotency key
     */
    static String key(int writer, long n) {
        return "w" + writer + "-" + n;
    }

    /**
     * @param key the write's idempotency key
     * @param bytes the record's length, at least {@link #MIN_RECORD_BYTES}
     * @return the record's data
     */
    static byte[] record(String key, int bytes) {
        return Payloads.taggedJsonString(key + END, bytes);
    }

    /**
     * @param data a record's data as written by {@link #record}
     * @return the key in it
     * @throws IllegalArgumentException if the data holds no key
     */
    static String keyOf(byte[] data) {
        for (int i = 1; i < data.length; i++) {
            if (data[i] == END) {
                return new String(data, 1, i - 1, StandardCharsets.US_ASCII);
            }
        }
        throw new IllegalArgumentException("a record without a key: "
                + new String(data, 0, Math.min(data.length, 40), StandardCharsets.UTF_8));
    }
}
