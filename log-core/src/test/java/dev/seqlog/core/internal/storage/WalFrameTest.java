package dev.seqlog.core.internal.storage;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A WAL frame: its drawn layout, and the checks that make stale or torn bytes never validate. */
class WalFrameTest {
    private static final long GEN = 9;
    private static final long BASE = 4096;

    /** Writes frames for {@code bodies} back to back into a window starting at file offset {@link #BASE}. */
    private static ByteBuffer frames(long synced, byte[]... bodies) {
        ByteBuffer b = ByteBuffer.allocate(256);
        for (byte[] body : bodies) {
            WalFrame.write(b, GEN, BASE + b.position(), synced, ByteBuffer.wrap(body));
        }
        return b.flip();
    }

    @Test
    void aWrittenFrameHasTheDrawnLayoutAndValidates() {
        ByteBuffer b = frames(BASE, new byte[] {4, 1, 2}, new byte[] {7});
        assertEquals(WalFrame.size(3) + WalFrame.size(1), b.limit());
        assertEquals(3, b.getInt(WalFrame.LENGTH));
        assertEquals(BASE, b.getLong(WalFrame.SYNCED));
        assertEquals(4, b.get(WalFrame.HEADER));
        assertEquals(3, WalFrame.validate(b, 0, BASE, GEN));
        assertEquals(1, WalFrame.validate(b, WalFrame.size(3), BASE, GEN));
        assertEquals(-1, WalFrame.validate(b, WalFrame.size(3) + WalFrame.size(1), BASE, GEN), "end of window");
    }

    @Test
    void theChecksumBindsTheFrameToItsFileAndOffset() {
        ByteBuffer b = frames(BASE, new byte[] {4, 1, 2});
        assertEquals(-1, WalFrame.validate(b, 0, BASE, GEN + 1), "same bytes in a file of another generation");
        assertEquals(-1, WalFrame.validate(b, 0, BASE + 64, GEN), "same bytes at another offset");
    }

    @Test
    void anyChangedByteFailsValidation() {
        ByteBuffer good = frames(BASE, new byte[] {4, 1, 2, 3});
        for (int i = WalFrame.CRC; i < good.limit(); i++) {
            ByteBuffer b = ByteBuffer.allocate(good.limit()).put(good.duplicate()).flip();
            b.put(i, (byte) (b.get(i) ^ 0x10));
            assertEquals(-1, WalFrame.validate(b, 0, BASE, GEN), "byte " + i);
        }
    }

    @Test
    void impossibleLengthsAndSyncedThroughValuesAreRejectedBeforeChecksumming() {
        ByteBuffer b = frames(BASE, new byte[] {4});
        b.putInt(WalFrame.LENGTH, 0);
        assertEquals(-1, WalFrame.validate(b, 0, BASE, GEN));
        b.putInt(WalFrame.LENGTH, WalFrame.MAX_BODY + 1);
        assertEquals(-1, WalFrame.validate(b, 0, BASE, GEN));
        b.putInt(WalFrame.LENGTH, 200);
        assertEquals(-1, WalFrame.validate(b, 0, BASE, GEN), "runs past the window");
        ByteBuffer future = frames(BASE + 1, new byte[] {4});
        assertEquals(-1, WalFrame.validate(future, 0, BASE, GEN), "synced beyond its own offset");
        ByteBuffer negative = frames(-1, new byte[] {4});
        assertEquals(-1, WalFrame.validate(negative, 0, BASE, GEN));
        assertEquals(-1, WalFrame.validate(ByteBuffer.allocate(WalFrame.HEADER - 1), 0, BASE, GEN), "short");
    }
}
