package dev.seqlog.server.metrics;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pusher over a real UDP socket, driven push by push (its ticker replaced) instead of by time. */
class StatsdPusherTest {
    private DatagramChannel receiver;
    private final AtomicReference<Runnable> tick = new AtomicReference<>();
    private final AtomicLong interval = new AtomicLong();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final StatsdPusher.Ticker manual = (push, ms) -> {
        tick.set(push);
        interval.set(ms);
        return () -> stopped.set(true);
    };

    @BeforeEach
    void listen() throws IOException {
        receiver = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        receiver.socket().setSoTimeout(5000);
    }

    @AfterEach
    void close() throws IOException {
        receiver.close();
    }

    String hostPort() throws IOException {
        return "127.0.0.1:" + ((InetSocketAddress) receiver.getLocalAddress()).getPort();
    }

    /** The next datagram, blocking up to the socket timeout. */
    byte[] receive() throws IOException {
        byte[] buf = new byte[4096];
        java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
        receiver.socket().receive(p);
        return Arrays.copyOf(buf, p.getLength());
    }

    byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void eachTickSendsOneSnapshotAtTheConfiguredInterval() throws Exception {
        AtomicLong fsyncs = new AtomicLong(137);
        try (StatsdPusher p = new StatsdPusher(hostPort(), 2500, "seqlog", false,
                () -> StatsdFormatTest.snapshot(fsyncs.get(), 48211), manual, System::nanoTime)) {
            assertEquals(2500, interval.get());
            assertTrue(tick.get() != null, "the pusher handed its push to the ticker");
            p.push();
            assertArrayEquals(ascii("seqlog.topics:42|g\nseqlog.ready:1|g\nseqlog.wal_fsyncs_total:137|c\n"
                    + "seqlog.wal_fsync_latency_us.count:137|c\nseqlog.wal_fsync_latency_us.sum:48211|c\n"
                    + "seqlog.topic_head_seq.jobs:480231|g\nseqlog.topics_by_class.fsync:12|g"), receive());
            fsyncs.set(140);
            p.push();
            // the flush-time sum did not grow: its zero increase is left out
            assertEquals("seqlog.topics:42|g\nseqlog.ready:1|g\nseqlog.wal_fsyncs_total:3|c\n"
                    + "seqlog.wal_fsync_latency_us.count:3|c\nseqlog.topic_head_seq.jobs:480231|g\n"
                    + "seqlog.topics_by_class.fsync:12|g",
                    new String(receive(), StandardCharsets.US_ASCII));
        }
        assertTrue(stopped.get(), "closing stops the ticks");
    }

    @Test
    void dogstatsdTagsGoOnTheWire() throws Exception {
        try (StatsdPusher p = new StatsdPusher(hostPort(), 1000, "s", true,
                () -> StatsdFormatTest.snapshot(1, 2), manual, System::nanoTime)) {
            p.push();
            assertEquals("s.topics:42|g\ns.ready:1|g\ns.wal_fsyncs_total:1|c\ns.wal_fsync_latency_us.count:1|c\n"
                    + "s.wal_fsync_latency_us.sum:2|c\ns.topic_head_seq:480231|g|#topic:jobs\n"
                    + "s.topics_by_class:12|g|#class:fsync", new String(receive(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aFailingSnapshotOrSendNeverEscapesTheTickAndLaterTicksStillSend() throws Exception {
        AtomicBoolean fail = new AtomicBoolean(true);
        try (StatsdPusher p = new StatsdPusher(hostPort(), 1000, "seqlog", false, () -> {
            if (fail.get()) {
                throw new IllegalStateException("engine closing");
            }
            return MetricsSnapshot.empty().add(Family.gauge("seqlog_ready", "r", 1));
        }, manual, System::nanoTime)) {
            p.push();
            p.push();
            fail.set(false);
            p.push();
            assertEquals("seqlog.ready:1|g", new String(receive(), StandardCharsets.US_ASCII));
        }
        try (StatsdPusher p = new StatsdPusher("no-such-host.invalid:8125", 1000, "seqlog", false,
                () -> MetricsSnapshot.empty().add(Family.gauge("seqlog_ready", "r", 1)), manual, System::nanoTime)) {
            p.push(); // unresolved: the send fails inside the tick
            p.push();
        }
        receiver.configureBlocking(false);
        assertNull(receiver.receive(ByteBuffer.allocate(64)), "nothing else was sent");
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void anUnresolvedHostIsResolvedAgainOnlyAfterAMinuteAndAWorkingOneIsLeftAlone() throws Exception {
        AtomicLong now = new AtomicLong(7_000_000_000L);
        AtomicInteger lookups = new AtomicInteger();
        AtomicBoolean dnsUp = new AtomicBoolean(false);
        InetSocketAddress listening = (InetSocketAddress) receiver.getLocalAddress();
        StatsdPusher.Resolver dns = (host, port) -> {
            lookups.incrementAndGet();
            assertEquals("statsd.example", host);
            assertEquals(listening.getPort(), port);
            return dnsUp.get() ? listening : InetSocketAddress.createUnresolved(host, port);
        };
        receiver.configureBlocking(false);
        try (StatsdPusher p = new StatsdPusher("statsd.example:" + listening.getPort(), 1000, "seqlog", false,
                () -> MetricsSnapshot.empty().add(Family.gauge("seqlog_ready", "r", 1)), manual, now::get, dns)) {
            assertEquals(1, lookups.get(), "resolved once at start");
            dnsUp.set(true); // the name now resolves, but nothing may look it up before the minute is over
            p.push();
            now.addAndGet(TimeUnit.SECONDS.toNanos(59));
            p.push();
            assertEquals(1, lookups.get(), "not resolved again within a minute");
            assertNull(receiver.receive(ByteBuffer.allocate(64)), "nothing sent to an unresolved host");

            now.addAndGet(TimeUnit.SECONDS.toNanos(1));
            p.push();
            assertEquals(2, lookups.get(), "resolved again once a minute has passed");
            receiver.configureBlocking(true);
            assertArrayEquals(ascii("seqlog.ready:1|g"), receive());

            for (int i = 0; i < 3; i++) {
                now.addAndGet(TimeUnit.MINUTES.toNanos(5));
                p.push();
                assertArrayEquals(ascii("seqlog.ready:1|g"), receive());
            }
            assertEquals(2, lookups.get(), "a target that works is not resolved again");
        }
    }

    @Test
    void theScheduledTickerRunsOnItsOwnThreadAndStopsOnClose() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        AutoCloseable ticks = StatsdPusher.scheduled().every(() -> thread.set(Thread.currentThread().getName()), 1);
        org.awaitility.Awaitility.await().until(() -> thread.get() != null);
        ticks.close();
        assertEquals("seqlog-statsd", thread.get());
    }
}
