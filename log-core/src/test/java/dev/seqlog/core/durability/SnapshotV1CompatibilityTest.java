package dev.seqlog.core.durability;

import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.internal.storage.SnapshotFile;
import dev.seqlog.core.spi.StorageFile;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import dev.seqlog.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An existing data directory keeps booting: the fixture written by the snapshot-format-1 engine (see its
 * README) recovers to exactly the state that engine recovered, and after a clean close (which writes the
 * current snapshot format) to the same state again.
 */
class SnapshotV1CompatibilityTest {
    private static Path fixture() throws URISyntaxException {
        return Path.of(SnapshotV1CompatibilityTest.class.getResource("/fixtures/snapshot-v1").toURI());
    }

    /** A simulated disk holding the fixture's {@code data/} and {@code cold/} files, all durable. */
    static SimulatedFileSystem load() throws IOException, URISyntaxException {
        Path root = fixture();
        SimulatedFileSystem fs = new SimulatedFileSystem();
        fs.createDirectories(V1Fixture.COLD);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).map(root::relativize)
                    .filter(p -> p.startsWith(V1Fixture.DATA) || p.startsWith(V1Fixture.COLD)).sorted().toList();
        }
        for (Path p : files) {
            fs.createDirectories(p.getParent());
            try (StorageFile f = fs.open(p, true)) {
                f.write(ByteBuffer.wrap(Files.readAllBytes(root.resolve(p))), 0);
                f.sync();
            }
            fs.syncDirectory(p.getParent());
        }
        return fs;
    }

    @Test
    void aDataDirectoryOfSnapshotFormat1RecoversTheSameState() throws Exception {
        String expected = Files.readString(fixture().resolve("expected.txt"));
        SimulatedFileSystem fs = load();
        ManualClock clock = new ManualClock(V1Fixture.READ_AT);
        SnapshotFile snapshots = new SnapshotFile(fs, V1Fixture.DATA.resolve("snapshots"));
        assertEquals(1, snapshots.read(snapshots.list().get(0)).version, "the fixture's newest snapshot");
        try (SeqlogEngine log = SeqlogEngine.open(V1Fixture.options(fs, clock))) {
            assertEquals(expected, V1Fixture.describe(log));
        }
        assertEquals(2, snapshots.read(snapshots.list().get(0)).version, "a clean close wrote the current format");
        try (SeqlogEngine log = SeqlogEngine.open(V1Fixture.options(fs, clock))) {
            assertEquals(expected, V1Fixture.describe(log), "after a clean close wrote a current snapshot");
        }
    }
}
