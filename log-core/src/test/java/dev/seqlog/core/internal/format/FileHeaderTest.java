package dev.seqlog.core.internal.format;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The header descriptor: shared fields, checksum with and without a covered region, and refusals. */
class FileHeaderTest {
    private static final int CRC = 16;
    private static final int SIZE = 32;
    /** A kind that writes version 3 and still reads 2. */
    private static final FileHeader KIND = new FileHeader("test", 0x54455354, 3, 2, CRC, SIZE);
    private static final Path FILE = Path.of("dir", "0001.test");

    private static ByteBuffer sealed(ByteBuffer covered) {
        ByteBuffer h = KIND.start();
        h.putLong(FileHeader.FIELDS + 2, 42L);
        KIND.seal(h, covered);
        return h;
    }

    @Test
    void aStartedHeaderCarriesMagicAndVersionAtTheNamedOffsets() {
        ByteBuffer h = KIND.start();
        assertEquals(SIZE, h.capacity());
        assertEquals(0x54455354, h.getInt(FileHeader.MAGIC));
        assertEquals(3, h.getShort(FileHeader.VERSION));
        assertEquals(2, KIND.start(2).getShort(FileHeader.VERSION));
    }

    @Test
    void aSealedHeaderVerifiesAndReturnsItsVersion() throws Exception {
        ByteBuffer h = sealed(null);
        assertTrue(KIND.intact(h, null));
        assertEquals(3, KIND.verify(h, null, FILE));
        assertEquals(42L, h.getLong(FileHeader.FIELDS + 2));
    }

    @Test
    void everyOlderReadableVersionVerifies() throws Exception {
        ByteBuffer h = KIND.start(2);
        KIND.seal(h, null);
        assertEquals(2, KIND.verify(h, null, FILE));
    }

    @Test
    void theCoveredRegionIsPartOfTheChecksum() throws Exception {
        ByteBuffer body = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5});
        ByteBuffer h = sealed(body);
        assertEquals(3, KIND.verify(h, body, FILE));
        ByteBuffer changed = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 6});
        assertFalse(KIND.intact(h, changed));
        assertFalse(KIND.intact(h, null));
        CorruptionException e = assertThrows(CorruptionException.class, () -> KIND.verify(h, changed, FILE));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void aChangedFieldFailsTheChecksumWithFoundAndExpectedValues() {
        ByteBuffer h = sealed(null);
        int stored = h.getInt(CRC);
        h.putLong(FileHeader.FIELDS + 2, 43L);
        assertFalse(KIND.intact(h, null));
        CorruptionException e = assertThrows(CorruptionException.class, () -> KIND.verify(h, null, FILE));
        assertTrue(e.getMessage().startsWith("test header checksum mismatch: file=" + FILE), e.getMessage());
        assertTrue(e.getMessage().contains(String.format("found=0x%08X expected=0x", stored)), e.getMessage());
    }

    @Test
    void anUnknownMagicIsCorruptionNamingBothMagics() {
        ByteBuffer h = sealed(null);
        h.putInt(FileHeader.MAGIC, 0x53514C47);
        CorruptionException e = assertThrows(CorruptionException.class, () -> KIND.verify(h, null, FILE));
        assertEquals("test header has an unknown magic: file=" + FILE + " found=0x53514C47 expected=0x54455354",
                e.getMessage());
        assertFalse(KIND.intact(h, null));
    }

    @Test
    void aShortHeaderIsCorruption() {
        ByteBuffer h = sealed(null).limit(SIZE - 1);
        assertFalse(KIND.intact(h, null));
        CorruptionException e = assertThrows(CorruptionException.class, () -> KIND.verify(h, null, FILE));
        assertEquals("test header incomplete: file=" + FILE + " length=31 expected=32", e.getMessage());
    }

    @Test
    void anIntactHeaderOfAnUnknownVersionIsUnsupportedNotCorrupt() {
        for (int v : new int[] {0, 1, 4, -1, Short.MAX_VALUE}) {
            ByteBuffer h = KIND.start(v);
            KIND.seal(h, null);
            assertTrue(KIND.intact(h, null), "the checksum does not depend on knowing the version");
            assertFalse(KIND.readable(h));
            UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class,
                    () -> KIND.verify(h, null, FILE));
            assertEquals("unsupported test format version: file=" + FILE + " found=" + v + " expected=2..3",
                    e.getMessage());
        }
    }

    @Test
    void aKindReadingOneVersionNamesIt() {
        FileHeader one = new FileHeader("one", 1, 1, 1, CRC, SIZE);
        ByteBuffer h = one.start(2);
        one.seal(h, null);
        UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class, () -> one.verify(h, null, FILE));
        assertTrue(e.getMessage().endsWith("found=2 expected=1"), e.getMessage());
    }

    @Test
    void aDescriptionThatCannotHoldItsFieldsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FileHeader("x", 1, 1, 2, CRC, SIZE));
        assertThrows(IllegalArgumentException.class, () -> new FileHeader("x", 1, 1, 1, 4, SIZE));
        assertThrows(IllegalArgumentException.class, () -> new FileHeader("x", 1, 1, 1, CRC, CRC + 3));
    }
}
