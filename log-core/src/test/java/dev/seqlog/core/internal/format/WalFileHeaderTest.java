package dev.seqlog.core.internal.format;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WAL file header through the descriptor: layout, torn headers ignored, unknown versions refused. */
class WalFileHeaderTest {
    @Test
    void encodesTheDrawnLayoutAndDecodesItBack() throws Exception {
        ByteBuffer b = new WalFileHeader(3, 77, 5).encode();
        assertEquals(WalFileHeader.SIZE, b.remaining());
        assertEquals(0x53514C57, b.getInt(FileHeader.MAGIC));
        assertEquals(2, b.getShort(FileHeader.VERSION));
        assertEquals(6, WalFileHeader.SHARD);
        assertEquals(8, WalFileHeader.GENERATION);
        assertEquals(16, WalFileHeader.BOOT);
        assertEquals(24, WalFileHeader.CRC);
        assertEquals(3, b.getShort(WalFileHeader.SHARD));
        assertEquals(77, b.getLong(WalFileHeader.GENERATION));
        assertEquals(5, b.getLong(WalFileHeader.BOOT));
        for (int i = WalFileHeader.CRC + FileHeader.CRC_SIZE; i < WalFileHeader.SIZE; i++) {
            assertEquals(0, b.get(i), "reserved byte " + i);
        }
        WalFileHeader h = WalFileHeader.decode(b, "f");
        assertEquals(3, h.shard());
        assertEquals(77, h.generation());
        assertEquals(5, h.boot());
    }

    @Test
    void aTornOrZeroHeaderMeansAFileWithoutFrames() throws Exception {
        assertNull(WalFileHeader.decode(ByteBuffer.allocate(WalFileHeader.SIZE), "f"));
        ByteBuffer b = new WalFileHeader(0, 1, 1).encode();
        assertNull(WalFileHeader.decode(b.duplicate().limit(WalFileHeader.SIZE - 1), "f"));
        b.put(WalFileHeader.GENERATION, (byte) 1);
        assertNull(WalFileHeader.decode(b, "f"), "checksum mismatch");
    }

    @Test
    void anIntactHeaderOfAnotherVersionStopsStartUp() {
        for (int version : new int[] {1, 3}) {
            ByteBuffer b = WalFileHeader.FORMAT.start(version);
            WalFileHeader.FORMAT.seal(b, null);
            UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class,
                    () -> WalFileHeader.decode(b, "wal/1.wal"));
            assertTrue(e.getMessage().contains("file=wal/1.wal found=" + version + " expected=2"), e.getMessage());
        }
    }
}
