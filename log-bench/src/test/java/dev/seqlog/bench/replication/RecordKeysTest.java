package dev.seqlog.bench.replication;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A failover record carries its key. Stateless. */
class RecordKeysTest {
    @Test
    void theKeyComesBackOutOfARecordOfTheLengthAsked() {
        String key = RecordKeys.key(3, 123_456_789L);
        byte[] rec = RecordKeys.record(key, 1024);
        assertEquals(1024, rec.length);
        assertEquals(key, RecordKeys.keyOf(rec));
        assertEquals(RecordKeys.MIN_RECORD_BYTES,
                RecordKeys.record(RecordKeys.key(3, Long.MAX_VALUE), RecordKeys.MIN_RECORD_BYTES).length);
        assertThrows(IllegalArgumentException.class,
                () -> RecordKeys.keyOf("\"no key\"".getBytes(StandardCharsets.US_ASCII)));
    }
}
