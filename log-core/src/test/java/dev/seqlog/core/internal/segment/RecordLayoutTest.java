package dev.seqlog.core.internal.segment;

import dev.seqlog.core.internal.format.RecordFields;
import dev.seqlog.core.internal.storage.SegmentFile;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The in-memory and segment-file record layout: the drawn offsets, and the field block from {@code hops} on
 * being exactly the APPEND frame's per-record block, so replay copies it verbatim.
 */
class RecordLayoutTest {
    @Test
    void theOffsetsAreTheDrawnOnes() {
        assertEquals(0, RecordLayout.LENGTH);
        assertEquals(4, RecordLayout.CRC);
        assertEquals(8, RecordLayout.FLAGS);
        assertEquals(9, RecordLayout.SEQ);
        assertEquals(17, RecordLayout.TS);
        assertEquals(25, RecordLayout.HOPS);
        assertEquals(26, RecordLayout.NODE_LENGTH);
        assertEquals(27, RecordLayout.TAG_LENGTH);
        assertEquals(29, RecordLayout.DATA_LENGTH);
        assertEquals(33, RecordLayout.META_LENGTH);
        assertEquals(37, RecordLayout.HEADER);
        assertEquals(SegmentFile.ENTRY_FIELDS, RecordLayout.SEQ);
    }

    @Test
    void aFieldBlockCopiedAfterSeqAndTsReadsAsAnEntry() {
        ByteBuffer block = ByteBuffer.allocate(RecordFields.SIZE + 2 + 3 + 4 + 1);
        block.put(RecordFields.HOPS, (byte) 2).put(RecordFields.NODE_LENGTH, (byte) 2)
                .putShort(RecordFields.TAG_LENGTH, (short) 3).putInt(RecordFields.DATA_LENGTH, 4)
                .putInt(RecordFields.META_LENGTH, 1);
        block.put(RecordFields.SIZE, "nntttdddd}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        ByteBuffer entry = ByteBuffer.allocate(RecordLayout.HOPS + block.capacity());
        entry.put(RecordLayout.HOPS, block, 0, block.capacity());
        assertEquals(2, RecordLayout.nodeLength(entry, 0));
        assertEquals(3, RecordLayout.tagLength(entry, 0));
        assertEquals(4, RecordLayout.dataLength(entry, 0));
        assertEquals(1, RecordLayout.metaLength(entry, 0));
        assertEquals(RecordLayout.HEADER + 2, RecordLayout.tagOffset(entry, 0));
        assertEquals('d', entry.get(RecordLayout.dataOffset(entry, 0)));
        assertEquals('}', entry.get(RecordLayout.metaOffset(entry, 0)));
        assertEquals(RecordLayout.entryLength(2, 3, 4, 1), entry.capacity());
        assertEquals(5, RecordLayout.accountedSize(entry, 0));
    }
}
