package dev.seqlog.bench.redis;

import dev.seqlog.api.Durability;
import dev.seqlog.bench.queue.AckCheck;
import dev.seqlog.bench.queue.QueueOutcome;
import dev.seqlog.bench.queue.QueueTarget;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue side-by-side without servers: its command line, the runs of a round and their order, the
 * medians and ratios of the table, and the Redis leftover arithmetic. Single-threaded.
 */
class QueueSideBySideTest {
    private static final Path TMP = Path.of("tmp");
    private static final QueueSide REDIS = new QueueSide(QueueSide.Kind.REDIS, false);
    private static final QueueSide HTTP_OFF = new QueueSide(QueueSide.Kind.HTTP, false);
    private static final QueueSide IN_OFF = new QueueSide(QueueSide.Kind.IN_PROCESS, false);
    private static final QueueSide HTTP_ON = new QueueSide(QueueSide.Kind.HTTP, true);
    private static final QueueSide IN_ON = new QueueSide(QueueSide.Kind.IN_PROCESS, true);

    @Test
    void defaultsRunEverySideThreeRoundsWithoutXdel() {
        QueueSideBySideOptions o = QueueSideBySideOptions.parse(new String[0], TMP);
        assertEquals(3, o.rounds());
        assertEquals(EnumSet.allOf(QueueSide.Kind.class), o.kinds());
        assertFalse(o.redisXdel());
        assertEquals(Path.of("log-server", "target", "seqlog-server.jar"), o.serverJar());
        assertEquals("redis-server", o.redisServer());
        assertEquals(List.of(1, 4, 16), o.queue().workers());
        assertEquals(TMP, o.queue().scratchParent());
    }

    @Test
    void ownFlagsAreTakenAndTheRestGoToTheQueueOptions() {
        QueueSideBySideOptions o = QueueSideBySideOptions.parse(new String[] {"--workers", "4", "--redis-xdel",
            "--sides", "redis,inproc", "--quick", "--server-jar", "s.jar", "--classes", "fsync", "--redis-server",
            "/usr/bin/redis-server", "--leases-durable", "off,on"}, TMP);
        assertEquals(1, o.rounds(), "a smoke run has one round unless told");
        assertEquals(EnumSet.of(QueueSide.Kind.REDIS, QueueSide.Kind.IN_PROCESS), o.kinds());
        assertTrue(o.redisXdel());
        assertEquals(Path.of("s.jar"), o.serverJar());
        assertEquals("/usr/bin/redis-server", o.redisServer());
        assertTrue(o.queue().quick());
        assertEquals(List.of(4), o.queue().workers());
        assertEquals(List.of(Durability.FSYNC), o.queue().classes());
        assertEquals(List.of(false, true), o.queue().leasesDurable());
        assertEquals(5, QueueSideBySideOptions.parse(new String[] {"--quick", "--rounds", "5"}, TMP).rounds());
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> QueueSideBySideOptions.parse(new String[] {"--sides",
            "redis,kafka"}, TMP));
        assertThrows(IllegalArgumentException.class, () -> QueueSideBySideOptions.parse(new String[] {"--rounds",
            "0"}, TMP));
        assertThrows(IllegalArgumentException.class, () -> QueueSideBySideOptions.parse(new String[] {"--rounds"},
                TMP));
        assertThrows(IllegalArgumentException.class, () -> QueueSideBySideOptions.parse(new String[] {"--what",
            "1"}, TMP));
    }

    @Test
    void aRoundHasOneRedisRunAndASeqlogRunPerSideAndLeasesSetting() {
        assertEquals(List.of(REDIS, HTTP_OFF, IN_OFF, HTTP_ON, IN_ON),
                QueueSide.of(EnumSet.allOf(QueueSide.Kind.class), List.of(false, true)));
        assertEquals(List.of(IN_ON), QueueSide.of(EnumSet.of(QueueSide.Kind.IN_PROCESS), List.of(true)));
    }

    @Test
    void eachRoundTurnsTheOrderByOne() {
        List<String> runs = List.of("a", "b", "c");
        assertEquals(List.of("a", "b", "c"), QueueSide.rotated(runs, 0));
        assertEquals(List.of("b", "c", "a"), QueueSide.rotated(runs, 1));
        assertEquals(List.of("c", "a", "b"), QueueSide.rotated(runs, 5));
    }

    @Test
    void classesPairWithTheirAppendfsync() {
        assertEquals(Pairing.DISK_EVERYSEC, QueueSessions.pairing(Durability.DISK));
        assertEquals(Pairing.FSYNC_ALWAYS, QueueSessions.pairing(Durability.FSYNC));
        assertThrows(IllegalArgumentException.class, () -> QueueSessions.pairing(Durability.MEMORY));
    }

    private static QueueOutcome outcome(double jobsPerSecond, boolean verified) {
        QueueTarget.Leftover left = new QueueTarget.Leftover(0, 0, verified ? List.of() : List.of("broken"));
        AckCheck check = AckCheck.of(new long[0], new long[0], 0, left, true);
        return new QueueOutcome("x", 4, 1, Math.round(jobsPerSecond), 1.0, 1, 2, 3, 4, check, Double.NaN, List.of());
    }

    @Test
    void rowsCarryEachSidesMedianAndRedisInEveryLeasesRow() {
        QueueComparison c = new QueueComparison(Durability.FSYNC, 1, 4);
        c.add(REDIS, outcome(1000, true));
        c.add(REDIS, outcome(3000, true));
        c.add(REDIS, outcome(2000, true));
        c.add(HTTP_OFF, outcome(4000, true));
        c.add(IN_OFF, outcome(8000, true));
        c.add(IN_ON, outcome(500, false));
        List<QueueRow> rows = c.rows(List.of(false, true));
        assertEquals(new QueueRow(Pairing.FSYNC_ALWAYS, false, 1, 4, 2000, 4000, 8000, true), rows.get(0));
        QueueRow on = rows.get(1);
        assertEquals(2000, on.redis());
        assertTrue(Double.isNaN(on.http()), "HTTP with durable leases was not run");
        assertEquals(500, on.inProcess());
        assertFalse(on.verified());
        assertFalse(c.verified());
    }

    @Test
    void theTableShowsRatiosOfSeqlogOverRedisAndNaForSidesNotRun() {
        List<String> t = QueueTable.render("Redis 7", true, List.of(
                new QueueRow(Pairing.FSYNC_ALWAYS, false, 1, 4, 2000, 4000, 1000, true),
                new QueueRow(Pairing.DISK_EVERYSEC, true, 10, 16, 50_000, Double.NaN, 75_000, false)));
        assertEquals(List.of(
                "| pairing | seqlog leases_durable | batch | workers | Redis 7 XACK+XDEL jobs/s | seqlog HTTP jobs/s "
                        + "| HTTP ÷ Redis | seqlog in-process jobs/s | in-process ÷ Redis |",
                "|---|---|---:|---:|---:|---:|---:|---:|---:|",
                "| fsync vs always | off | 1 | 4 | 2,000 | 4,000 | 2.00 | 1,000 | 0.50 |",
                "| disk vs everysec (unverified) | on | 10 | 16 | 50,000 | n/a | n/a | 75,000 | 1.50 |"), t);
        assertTrue(QueueTable.render("Redis 7", false, List.of()).get(0).contains("Redis 7 XACK jobs/s"));
    }

    @Test
    void entriesAfterTheLastDeliveredIdAreTheUndeliveredOnes() {
        long[] keys = {10, 20, 30, 40};
        assertEquals(4, RedisQueueTarget.undelivered(keys, 0));
        assertEquals(2, RedisQueueTarget.undelivered(keys, 20));
        assertEquals(2, RedisQueueTarget.undelivered(keys, 25));
        assertEquals(0, RedisQueueTarget.undelivered(keys, 40));
        assertEquals(0, RedisQueueTarget.undelivered(new long[0], 0));
    }
}
