package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.DeleteIf;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.RouterGuarantee;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicType;
import dev.seqlog.core.SeqlogEngine;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command survives the entry layout field for field, and a damaged entry is refused, never half-read. */
class CommandCodecTest {

    static TopicConfig everyField(boolean typeGiven) {
        TopicConfig.Builder b = TopicConfig.builder().ttlMs(1_234).capRecords(77).capBytes(88_000)
                .discard(Discard.REJECT).durability(Durability.MEMORY).priority(-17).autoPriority(false)
                .autoCreate(false).idempotencyWindowMs(5_000).dedupeNode(false).leaseMs(2_500).claimJitterMs(40)
                .maxDeliveries(9).deadLetter("dead.letters").leasesDurable(true);
        if (typeGiven) {
            b.type(TopicType.QUEUE);
        }
        return b.build();
    }

    private static CommandCodec.Entry roundTrip(long time, Command... commands) {
        List<byte[]> encoded = new ArrayList<>();
        for (Command c : commands) {
            encoded.add(CommandCodec.command(c));
        }
        return CommandCodec.decode(CommandCodec.entry(time, encoded));
    }

    @Test
    void anAppendKeepsEveryFieldOfTheRequestAndItsRecords() {
        byte[] buf = "xx{\"a\":[1,2]}yy".getBytes(StandardCharsets.UTF_8);
        RecordInput sliced = RecordInput.trusted(buf, 2, buf.length - 4).withTrustedMeta(
                "{\"k\":{\"x\":1,\"y\":2},\"s\":\"a:b\"}".getBytes(StandardCharsets.UTF_8), 2).withTag("t1").withNode("w1");
        RecordInput plain = RecordInput.json("\"hello\"");
        AppendRequest req = new AppendRequest(List.of(sliced, plain), "node-a", "key-1", Boolean.FALSE,
                everyField(false));
        SeqlogException refusal = new SeqlogException(ErrorCode.FORBIDDEN, "no create for you")
                .with("topic", "orders").with("scope", "create");

        CommandCodec.Entry e = roundTrip(1_700_000_000_123L, new Command.Append("orders", req, refusal));
        assertEquals(1_700_000_000_123L, e.leaderTimeMs());
        Command.Append a = assertInstanceOf(Command.Append.class, e.commands().get(0));
        assertEquals("orders", a.topic());
        AppendRequest got = a.request();
        assertEquals("node-a", got.node());
        assertEquals("key-1", got.idempotencyKey());
        assertEquals(Boolean.FALSE, got.create());
        assertEquals(everyField(false), got.config());
        assertFalse(got.config().typeSpecified(), "an omitted type stays omitted");
        assertEquals(2, got.records().size());
        assertRecord(sliced, got.records().get(0));
        assertRecord(plain, got.records().get(1));
        assertEquals(ErrorCode.FORBIDDEN, a.createRefusal().code());
        assertEquals("no create for you", a.createRefusal().getMessage());
        assertEquals(Map.of("topic", "orders", "scope", "create"), a.createRefusal().detail());
        SeqlogException asked = assertThrows(SeqlogException.class,
                () -> a.createCheck().check("orders", got.config()));
        assertEquals(ErrorCode.FORBIDDEN, asked.code());
    }

    @Test
    void createAndConfigAreTriStateAndOptional() {
        for (Boolean create : new Boolean[] {null, Boolean.TRUE, Boolean.FALSE}) {
            AppendRequest req = new AppendRequest(List.of(RecordInput.json("1")), null, null, create, null);
            Command.Append a = (Command.Append) roundTrip(0, new Command.Append("t", req, null)).commands().get(0);
            assertEquals(create, a.request().create());
            assertNull(a.request().config());
            assertNull(a.request().node());
            assertNull(a.request().idempotencyKey());
            assertNull(a.createRefusal());
            assertSame(dev.seqlog.api.CreateCheck.ALLOW, a.createCheck());
        }
    }

    @Test
    void configureDeleteTopicDeleteAndTickRoundTrip() {
        CommandCodec.Entry e = roundTrip(42,
                new Command.Configure("c1", everyField(true)),
                new Command.Configure("c2", TopicConfig.defaults()),
                new Command.DeleteTopic("d1", DeleteIf.ALWAYS),
                new Command.DeleteTopic("d2", DeleteIf.EMPTY),
                new Command.Delete("x1", DeleteRequest.before(10)),
                new Command.Delete("x2", DeleteRequest.matching(TagMatch.eq("red"))),
                new Command.Delete("x3", new DeleteRequest(5L, TagMatch.glob("re*"))),
                Command.TICK);
        List<Command> c = e.commands();
        assertEquals(8, c.size());
        Command.Configure c1 = (Command.Configure) c.get(0);
        assertEquals("c1", c1.topic());
        assertEquals(everyField(true), c1.config());
        assertTrue(c1.config().typeSpecified());
        Command.Configure c2 = (Command.Configure) c.get(1);
        assertEquals(TopicConfig.defaults(), c2.config());
        assertFalse(c2.config().typeSpecified());
        assertEquals(new Command.DeleteTopic("d1", DeleteIf.ALWAYS), c.get(2));
        assertEquals(new Command.DeleteTopic("d2", DeleteIf.EMPTY), c.get(3));
        assertEquals(new Command.Delete("x1", new DeleteRequest(10L, null)), c.get(4));
        assertEquals(new Command.Delete("x2", new DeleteRequest(null, new TagMatch(false, "red"))), c.get(5));
        assertEquals(new Command.Delete("x3", new DeleteRequest(5L, new TagMatch(true, "re"))), c.get(6));
        assertSame(Command.TICK, c.get(7));
    }

    @Test
    void queueCommandsRoundTrip() {
        LeaseRequest plain = LeaseRequest.of("w1", 3, 1, 3);
        LeaseRequest fenced = LeaseRequest.of("w2", 7, 8).withLeaseIds(List.of("lease_00000000000000aa", "x"));
        CommandCodec.Entry e = roundTrip(7,
                new Command.Claim("q", ClaimRequest.of("w1", 10)),
                new Command.Claim("q", new ClaimRequest("w2", 0, 0L)),
                new Command.Claim("q", ClaimRequest.of("w3", 5).withLeaseMs(90_000)),
                new Command.Lease(Command.Lease.ACK, "q", plain, 0),
                new Command.Lease(Command.Lease.NACK, "q", fenced, 2_500),
                new Command.Lease(Command.Lease.EXTEND, "q2", plain, 60_000),
                new Command.ClaimCohort("q", List.of(ClaimRequest.of("w1", 3), ClaimRequest.of("w2", 1).withLeaseMs(9))));
        List<Command> c = e.commands();
        assertEquals(new Command.Claim("q", new ClaimRequest("w1", 10, null)), c.get(0));
        assertEquals(new Command.Claim("q", new ClaimRequest("w2", 0, 0L)), c.get(1));
        assertEquals(new Command.Claim("q", new ClaimRequest("w3", 5, 90_000L)), c.get(2));
        assertLease(c.get(3), Command.Lease.ACK, "q", plain, 0);
        assertLease(c.get(4), Command.Lease.NACK, "q", fenced, 2_500);
        assertLease(c.get(5), Command.Lease.EXTEND, "q2", plain, 60_000);
        assertEquals(new Command.ClaimCohort("q", List.of(new ClaimRequest("w1", 3, null), new ClaimRequest("w2", 1, 9L))),
                c.get(6));
    }

    @Test
    void routerCommandsRoundTrip() {
        RouterSpec every = new RouterSpec("src", "dst", false, true, TagMatch.glob("eu*"), true,
                RouterGuarantee.EXACTLY_ONCE, false);
        RouterSpec plain = RouterSpec.of("a", "b").withFilter(TagMatch.eq("red"));
        CommandCodec.Entry e = roundTrip(9, new Command.PutRouter("r1", every), new Command.PutRouter("r2", plain),
                new Command.PutRouter("r3", RouterSpec.of("a", "c")), new Command.DeleteRouter("r1"));
        assertEquals(List.of(new Command.PutRouter("r1", every), new Command.PutRouter("r2", plain),
                new Command.PutRouter("r3", RouterSpec.of("a", "c")), new Command.DeleteRouter("r1")), e.commands());
    }

    private static void assertLease(Command got, byte kind, String topic, LeaseRequest expected, long millis) {
        Command.Lease l = (Command.Lease) got;
        assertEquals(kind, l.kind());
        assertEquals(topic, l.topic());
        assertEquals(millis, l.millis());
        assertEquals(expected.node(), l.request().node());
        assertArrayEquals(expected.seqs(), l.request().seqs());
        assertEquals(expected.leaseIds(), l.request().leaseIds());
    }

    @Test
    void aDecodedAppendMeetsTheSameLimitsAsTheOriginal() {
        // the key count travels beside the meta bytes: 65 keys are refused on the replica as on a single node
        StringBuilder meta = new StringBuilder("{");
        for (int i = 0; i < 65; i++) {
            meta.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        AppendRequest req = AppendRequest.of(RecordInput.json("1").withMeta(meta.append('}').toString()));
        Command.Append decoded = (Command.Append) roundTrip(0, new Command.Append("t", req, null)).commands().get(0);
        try (SeqlogEngine single = SeqlogEngine.inMemory(); SeqlogEngine replica = SeqlogEngine.inMemory()) {
            SeqlogException expected = assertThrows(SeqlogException.class, () -> single.append("t", req));
            SeqlogException got = assertThrows(SeqlogException.class, () -> replica.append("t", decoded.request()));
            assertEquals(expected.code(), got.code());
            assertEquals(expected.getMessage(), got.getMessage());
            assertEquals(expected.detail(), got.detail());
        }
    }

    @Test
    void metaKeysAreCountedAtTheTopLevelOnly() {
        assertEquals(0, MetaKeys.count(null));
        assertEquals(0, MetaKeys.count("{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, MetaKeys.count("{\"a\":1,\"b\":{\"c\":{\"d\":2}},\"e:\\\"f\":[{\"g\":3}]}"
                .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void damagedOrForeignEntriesAreRefused() {
        byte[] good = CommandCodec.entry(7, List.of(CommandCodec.command(
                new Command.Append("t", AppendRequest.of(RecordInput.json("[1,2,3]")), null))));
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(MalformedEntryException.class, () -> CommandCodec.decode(truncated), "cut at " + cut);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThrows(MalformedEntryException.class, () -> CommandCodec.decode(longer));
        byte[] otherVersion = good.clone();
        otherVersion[0] = 2;
        MalformedEntryException e = assertThrows(MalformedEntryException.class,
                () -> CommandCodec.decode(otherVersion));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
        byte[] unknownKind = CommandCodec.entry(7, List.of(new byte[] {99, 0, 0, 0, 0}));
        assertThrows(MalformedEntryException.class, () -> CommandCodec.decode(unknownKind));
    }

    static void assertRecord(RecordInput expected, RecordInput got) {
        assertArrayEquals(Arrays.copyOfRange(expected.dataArray(), expected.dataOffset(),
                expected.dataOffset() + expected.dataLength()),
                Arrays.copyOfRange(got.dataArray(), got.dataOffset(), got.dataOffset() + got.dataLength()));
        assertArrayEquals(expected.meta(), got.meta());
        assertEquals(MetaKeys.count(expected.meta()), MetaKeys.count(got.meta()));
        assertEquals(expected.tag(), got.tag());
        assertEquals(expected.node(), got.node());
        assertEquals(expected.accountedSize(), got.accountedSize());
    }
}
