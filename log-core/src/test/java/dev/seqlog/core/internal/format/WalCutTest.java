package dev.seqlog.core.internal.format;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which WAL files and frames a checkpoint's cut covers. */
class WalCutTest {
    private static WalFileHeader file(int shard, long generation, long boot) {
        return new WalFileHeader(shard, generation, boot);
    }

    @Test
    void coversEarlierBootsAndEachShardsFilesBelowItsCutGeneration() {
        WalCut cut = new WalCut(3, new long[] {10, 20}, new long[] {500, 64});
        assertTrue(cut.covers(file(0, 99, 2)), "an earlier boot");
        assertTrue(cut.covers(file(0, 9, 3)));
        assertFalse(cut.covers(file(0, 10, 3)), "the cut file itself");
        assertTrue(cut.covers(file(1, 19, 3)));
        assertFalse(cut.covers(file(1, 20, 3)));
        assertFalse(cut.covers(file(2, 1, 3)), "a shard the cut did not know");
        assertFalse(cut.covers(file(0, 1, 4)), "a later boot");
    }

    @Test
    void replayOfTheCutFileStartsAtItsOffsetAndElsewhereAfterTheHeader() {
        WalCut cut = new WalCut(3, new long[] {10, 20}, new long[] {500, 0});
        assertEquals(500, cut.replayFrom(file(0, 10, 3)));
        assertEquals(WalFileHeader.SIZE, cut.replayFrom(file(1, 20, 3)), "never inside the header");
        assertEquals(WalFileHeader.SIZE, cut.replayFrom(file(0, 11, 3)));
        assertEquals(WalFileHeader.SIZE, cut.replayFrom(file(0, 10, 4)));
        assertEquals(WalFileHeader.SIZE, WalCut.NONE.replayFrom(file(0, 1, 1)));
        assertFalse(WalCut.NONE.covers(file(0, 1, 1)));
    }

    @Test
    void aGenerationAndAnOffsetPerShard() {
        assertThrows(IllegalArgumentException.class, () -> new WalCut(1, new long[] {1}, new long[0]));
        long[] gens = {1, 2};
        WalCut cut = new WalCut(1, gens, new long[] {64, 64});
        gens[0] = 7;
        assertEquals(1, cut.generations()[0], "copied in");
    }
}
