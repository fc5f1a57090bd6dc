package dev.seqlog.server.cli;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.server.cli.CliTest.Result;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dump} on each kind of file a real engine wrote. */
class DumpCommandTest {
    private static final String BIG = "\"" + "x".repeat(300) + "\"";

    private static Path written(TestDir dir) {
        Path data = dir.path().resolve("data");
        EngineOptions options = EngineOptions.builder().dataDir(data).walShards(1).segmentMaxRecords(2)
                .backgroundCheckpoints(false).build();
        try (SeqlogEngine engine = SeqlogEngine.start(options)) {
            engine.awaitReady();
            engine.configure("t", TopicConfig.builder().durability(Durability.FSYNC).build());
            engine.append("t", AppendRequest.of(RecordInput.json("{\"n\":1}").withTag("red"),
                    RecordInput.json(BIG), RecordInput.json("[3]")));
            engine.checkpoint();
            engine.append("t", AppendRequest.of(RecordInput.json("{\"n\":4}")));
        }
        return data;
    }

    private static Path first(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().findFirst().orElseThrow();
        }
    }

    private static Result dump(Path file, String... more) {
        String[] args = new String[more.length + 2];
        args[0] = "dump";
        args[1] = file.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        Result r = CliTest.run(args);
        assertEquals(0, r.code(), r.out() + r.err());
        return r;
    }

    @Test
    void aWalFileShowsItsHeaderEveryFrameAndEachRecordsPayload(TestDir dir) throws IOException {
        Path wal = first(written(dir).resolve("wal"), ".wal");
        String out = dump(wal, "--max-bytes", "20").out();
        assertTrue(out.contains("kind=WAL"), out);
        assertTrue(out.contains("header: version=2 shard=0 generation="), out);
        assertTrue(out.contains("frame offset=64 "), out);
        assertTrue(out.contains("type=CREATE") && out.contains("name=t"), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("type=APPEND") && l.contains("count=3")), out);
        assertTrue(out.contains("seq=1 hops=0 node= tag=red data={\"n\":1} meta=-"), out);
        assertTrue(out.contains("data=\"xxxxxxxxxxxxxxxxxxx...(302 bytes)"), out);
        assertTrue(out.contains("end: logical end offset="), out);
    }

    @Test
    void aSegmentShowsEachEntryWithItsChecksumAndPayload(TestDir dir) throws IOException {
        Path seg = first(written(dir).resolve("segments"), ".seg");
        String out = dump(seg).out();
        assertTrue(out.contains("kind=segment") && out.contains("baseSeq=1 checksum=ok"), out);
        assertTrue(out.contains("entry offset=64 "), out);
        assertTrue(out.contains("checksum=ok flags=live seq=1 "), out);
        assertTrue(out.contains("tag=red data={\"n\":1}"), out);
        assertTrue(out.contains("...(302 bytes) meta=-"), "cut at the default 200 bytes: " + out);
        assertTrue(out.contains("entries: 2"), out);
        assertTrue(dump(seg, "--max-bytes", "400").out().contains("data=" + BIG + " meta=-"));
    }

    @Test
    void anIndexShowsItsPoints(TestDir dir) throws IOException {
        Path idx = first(written(dir).resolve("segments"), ".idx");
        String out = dump(idx).out();
        assertTrue(out.contains("kind=segment index") && out.contains("entries=2 points=1 checksum=ok"), out);
        assertTrue(out.contains("point offset=32 entry=0 entryOffset=0"), out);
    }

    @Test
    void aSnapshotShowsItsSectionsTopicsAndSegments(TestDir dir) throws IOException {
        Path snap = first(written(dir).resolve("snapshots"), ".snap");
        String out = dump(snap).out();
        assertTrue(out.contains("kind=snapshot") && out.contains("checksum=ok"), out);
        assertTrue(out.contains("section offset=24 id=1 (engine)"), out);
        assertTrue(out.contains("id=2 (topic)") && out.contains("id=0 (end)"), out);
        assertTrue(out.contains("name=t"), out);
        assertTrue(out.contains("  segment baseSeq=1 entries=2 "), out);
    }

    @Test
    void aDamagedHeaderIsShownAndAForeignFileRefused(TestDir dir) throws IOException {
        Path seg = first(written(dir).resolve("segments"), ".seg");
        byte[] b = Files.readAllBytes(seg);
        b[20] ^= 1;
        Files.write(seg, b);
        assertTrue(dump(seg).out().contains("header: damaged: segment header checksum mismatch"));
        Path other = dir.path().resolve("other.txt");
        Files.writeString(other, "hello, world");
        Result r = CliTest.run("dump", other.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not a seqlog file"), r.err());
    }

    @Test
    void badArgumentsAreUsageErrors(TestDir dir) throws IOException {
        Path f = Files.writeString(dir.path().resolve("f"), "x");
        for (String[] args : new String[][] {{"dump"}, {"dump", dir.path().resolve("absent").toString()},
                {"dump", f.toString(), "--max-bytes", "-1"}, {"dump", f.toString(), "--max-bytes", "many"}}) {
            Result r = CliTest.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
        }
    }
}
