package dev.seqlog.server.metrics;

import dev.seqlog.server.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Pushes snapshots to a statsd endpoint over UDP every interval (API §16.4), on its own thread, so a slow
 * snapshot or a failing network never touches a request. Sends are fire-and-forget: a failing streak is logged
 * once at debug, and after a failure the host is resolved again at most once a minute.
 * Thread-safe: {@link #push()} runs on the ticker's thread; {@link #close()} from any thread.
 */
public final class StatsdPusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatsdPusher.class);
    private static final long RESOLVE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Runs the push every interval until closed; the seam tests replace to push on demand. */
    @FunctionalInterface
    public interface Ticker {
        /**
         * Starts running {@code push} every {@code intervalMs}, the first time one interval from now.
         *
         * @param push the task
         * @param intervalMs the interval
         * @return stops the runs and waits for one in progress
         */
        AutoCloseable every(Runnable push, long intervalMs);
    }

    /** Turns the configured host into an address; tests stand in for DNS with it. */
    @FunctionalInterface
    interface Resolver {
        /** @return the address, unresolved if the host does not resolve (now) */
        InetSocketAddress resolve(String host, int port);
    }

    private final String host;
    private final int port;
    private final Resolver resolver;
    private final StatsdFormat format;
    private final Supplier<MetricsSnapshot> snapshots;
    private final LongSupplier nanoClock;
    private final DatagramChannel channel;
    private final AutoCloseable ticks;
    // push thread only
    private InetSocketAddress target;
    private long resolvedAt;
    private boolean failing;

    /**
     * Starts pushing.
     *
     * @param hostPort the endpoint as {@code host:port} (validated by the configuration)
     * @param intervalMs the push interval
     * @param prefix the name prefix
     * @param dogstatsd whether labels go as dogstatsd tags
     * @param snapshots takes a snapshot (all topics, within the per-topic bound)
     * @param ticker runs the pushes
     * @param nanoClock a monotonic clock in nanoseconds, for the re-resolve pace
     * @throws IOException if no UDP socket can be opened
     */
    public StatsdPusher(String hostPort, long intervalMs, String prefix, boolean dogstatsd,
                        Supplier<MetricsSnapshot> snapshots, Ticker ticker, LongSupplier nanoClock)
            throws IOException {
        this(hostPort, intervalMs, prefix, dogstatsd, snapshots, ticker, nanoClock, InetSocketAddress::new);
    }

    /** As the public constructor, with {@code resolver} in place of the system's name service. */
    StatsdPusher(String hostPort, long intervalMs, String prefix, boolean dogstatsd,
                 Supplier<MetricsSnapshot> snapshots, Ticker ticker, LongSupplier nanoClock, Resolver resolver)
            throws IOException {
        this.resolver = resolver;
        int colon = hostPort.lastIndexOf(':');
        String h = hostPort.substring(0, colon);
        this.host = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        this.port = Integer.parseInt(hostPort.substring(colon + 1));
        this.format = new StatsdFormat(prefix, dogstatsd);
        this.snapshots = snapshots;
        this.nanoClock = nanoClock;
        this.channel = DatagramChannel.open();
        this.target = resolve();
        this.resolvedAt = nanoClock.getAsLong();
        this.ticks = ticker.every(this::push, intervalMs);
    }

    /**
     * Starts the push of a server's configuration, if SEQLOG_STATSD is set.
     *
     * @param c the configuration
     * @param snapshots takes a snapshot of every topic (within SEQLOG_METRICS_MAX_TOPICS)
     * @return the running pusher, or null when the push is off or no UDP socket could be opened (logged)
     */
    public static StatsdPusher start(ServerConfig c, Supplier<MetricsSnapshot> snapshots) {
        if (c.statsd() == null) {
            return null;
        }
        try {
            return new StatsdPusher(c.statsd(), c.statsdIntervalMs(), c.statsdPrefix(),
                    "dogstatsd".equals(c.statsdTags()), snapshots, scheduled(), System::nanoTime);
        } catch (IOException e) {
            LOG.warn("statsd push disabled: cannot open a UDP socket: target={}", c.statsd(), e);
            return null;
        }
    }

    /**
     * A ticker on one daemon thread, at a fixed rate.
     *
     * @return the ticker
     */
    public static Ticker scheduled() {
        return (push, intervalMs) -> {
            ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "seqlog-statsd");
                t.setDaemon(true);
                return t;
            });
            s.scheduleAtFixedRate(push, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
            return () -> {
                s.shutdownNow();
                s.awaitTermination(10, TimeUnit.SECONDS);
            };
        };
    }

    private InetSocketAddress resolve() {
        InetSocketAddress a = resolver.resolve(host, port);
        if (a.isUnresolved()) {
            LOG.debug("statsd host does not resolve yet: host={}", host);
        }
        return a;
    }

    /** Takes a snapshot and sends it; never throws, so the ticker keeps running. */
    void push() {
        try {
            List<byte[]> datagrams = StatsdFormat.pack(format.lines(snapshots.get()));
            if (target.isUnresolved() || failing) {
                long now = nanoClock.getAsLong();
                if (now - resolvedAt >= RESOLVE_EVERY_NANOS) {
                    target = resolve();
                    resolvedAt = now;
                }
            }
            for (byte[] d : datagrams) {
                channel.send(ByteBuffer.wrap(d), target);
            }
            if (failing) {
                LOG.debug("statsd sends work again: target={}:{}", host, port);
                failing = false;
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                LOG.debug("statsd push failed; further failures are not logged until a push succeeds: target={}:{}",
                        host, port, e);
                failing = true;
            }
        }
    }

    /** Stops the pushes (waiting for one in progress) and closes the socket. */
    @Override
    public void close() {
        try {
            ticks.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("statsd pusher did not stop cleanly", e);
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the statsd socket failed", e);
        }
    }
}
