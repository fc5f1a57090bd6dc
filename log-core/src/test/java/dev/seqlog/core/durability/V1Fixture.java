package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ListRequest;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.api.TopicState;
import dev.seqlog.api.TopicType;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.testsupport.ManualClock;

import java.nio.file.Path;

/**
 * The workload behind the data directory in {@code src/test/resources/fixtures/snapshot-v1}, and the text
 * form of an engine's observable state that the fixture's {@code expected.txt} holds. The directory was
 * written by the engine as of the commit before snapshot format version 2 (snapshot format 1, WAL format
 * 2, segment and index format 1): see {@code README.md} beside it.
 *
 * <p>Confined to the test thread.
 */
final class V1Fixture {
    static final Path DATA = Path.of("data");
    static final Path COLD = Path.of("cold");
    /** The clock of the boot that reads the fixture. */
    static final long READ_AT = 1_700_000_100_000L;

    private V1Fixture() {
    }

    static EngineOptions options(FileSystem fs, ManualClock clock) {
        return EngineOptions.builder().dataDir(DATA).coldDir(COLD).fileSystem(fs).clock(clock).walShards(2)
                .walFileBytes(16 << 10).walFlushIntervalMs(1000).segmentMaxRecords(4).hotRetainSegments(1)
                .backgroundPreallocation(false).backgroundExpiry(false).backgroundCheckpoints(false).build();
    }

    /** A queue topic with every configuration field away from its default. */
    static TopicConfig queueConfig() {
        return TopicConfig.builder().type(TopicType.QUEUE).durability(Durability.FSYNC).ttlMs(3_600_000)
                .capRecords(1000).capBytes(1 << 20).discard(Discard.REJECT).priority(7).autoPriority(true)
                .autoCreate(true).idempotencyWindowMs(60_000).dedupeNode(true).leaseMs(30_000).claimJitterMs(250)
                .maxDeliveries(5).leasesDurable(true).deadLetter("q-dead").build();
    }

    static void append(SeqlogEngine log, String topic, int i) {
        AppendRequest.Builder b = AppendRequest.builder();
        int n = 1 + i % 3;
        for (int k = 0; k < n; k++) {
            RecordInput r = RecordInput.json("{\"t\":\"" + topic + "\",\"i\":" + i + ",\"k\":" + k + "}");
            if ((i + k) % 2 == 0) {
                r = r.withTag((i + k) % 4 == 0 ? "drop" : "keep");
            }
            if (k == 1) {
                r = r.withMeta("{\"m\":" + i + "}");
            }
            if (k == 2) {
                r = r.withNode("n" + i);
            }
            b.add(r);
        }
        if (i % 5 == 0) {
            b.idempotencyKey(topic + "-" + i);
        }
        log.append(topic, b.build());
    }

    /** First boot: every class, a queue, a capped and a TTL topic, deletes, checkpoints with a cold tier. */
    static void boot1(SeqlogEngine log, ManualClock clock) {
        for (String t : new String[] {"f", "d", "m", "e", "c", "t"}) {
            TopicConfig.Builder c = TopicConfig.builder().durability(switch (t) {
                case "d" -> Durability.DISK;
                case "m" -> Durability.MEMORY;
                case "e" -> Durability.EPHEMERAL;
                default -> Durability.FSYNC;
            });
            if (t.equals("c")) {
                c.capRecords(5).discard(Discard.OLD);
            }
            if (t.equals("t")) {
                c.ttlMs(10_000);
            }
            log.configure(t, c.build());
        }
        log.configure("q", queueConfig());
        for (int i = 0; i < 8; i++) {
            for (String t : new String[] {"f", "d", "m", "e", "c", "t", "q"}) {
                append(log, t, i);
            }
        }
        log.checkpoint();
        log.delete("f", DeleteRequest.matching(TagMatch.eq("drop")));
        log.delete("d", DeleteRequest.before(4));
        clock.advance(20_000);
        for (int i = 8; i < 11; i++) {
            append(log, "t", i);
            append(log, "f", i);
            append(log, "d", i);
        }
        log.checkpoint();
        for (int i = 11; i < 13; i++) {
            append(log, "d", i);
            append(log, "m", i);
            append(log, "e", i);
            append(log, "f", i);
        }
    }

    /** Second boot, after a power loss: restart losses, flags listed by the newest snapshot, a WAL tail. */
    static void boot2(SeqlogEngine log) {
        for (int i = 13; i < 16; i++) {
            append(log, "d", i);
            append(log, "f", i);
        }
        log.configure("r", TopicConfig.builder().durability(Durability.FSYNC).build());
        append(log, "r", 0);
        log.checkpoint();
        log.delete("f", DeleteRequest.matching(TagMatch.glob("ke*")));
        log.checkpoint();
        log.deleteTopic("r");
        log.configure("r", TopicConfig.builder().durability(Durability.DISK).build());
        for (int i = 16; i < 18; i++) {
            append(log, "r", i);
            append(log, "f", i);
            append(log, "q", i);
        }
        log.configure("c", TopicConfig.builder().durability(Durability.FSYNC).capRecords(3).discard(Discard.OLD)
                .build());
    }

    /** Every topic's configuration, state, records and tombstones, one fact per line. */
    static String describe(SeqlogEngine log) {
        StringBuilder out = new StringBuilder();
        for (TopicState listed : log.list(ListRequest.all()).topics()) {
            String t = listed.topic();
            TopicState s = log.state(t);
            out.append("topic ").append(t).append('\n');
            out.append("  config ").append(s.config()).append('\n');
            out.append("  state head=").append(s.headSeq()).append(" earliest=").append(s.earliestSeq())
                    .append(" count=").append(s.count()).append(" bytes=").append(s.bytes())
                    .append(" lastWriteTs=").append(s.lastWriteTs()).append('\n');
            long cursor = 0;
            while (true) {
                DiffResult r = log.diff(t, DiffRequest.from(cursor).withLimit(5).withTags(true).withMeta(true));
                if (r.tombstone() != null) {
                    out.append("  ").append(r.tombstone()).append('\n');
                }
                for (TopicRecord rec : r.records()) {
                    out.append("  ").append(rec).append('\n');
                }
                if (r.caughtUp() || r.nextFromSeq() == cursor) {
                    break;
                }
                cursor = r.nextFromSeq();
            }
        }
        return out.toString();
    }
}
