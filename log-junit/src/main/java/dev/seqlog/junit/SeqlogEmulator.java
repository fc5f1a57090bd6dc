package dev.seqlog.junit;

import dev.seqlog.api.EventLog;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicState;
import dev.seqlog.client.SeqlogClient;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import dev.seqlog.server.config.ServerConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * seqlog for integration tests: the production engine on a simulated in-memory disk, embedded or behind a server
 * on a loopback port, with controls for what is hard to make happen on purpose against a real deployment.
 *
 * <ul>
 *   <li>{@link #clock()}: time moves only when the test moves it (TTL, idempotency windows, leases, long-poll
 *       waits);</li>
 *   <li>{@link #crash(Crash)}: the process dies or the power fails, and the log restarts from what survived,
 *       losing exactly what each durability class may lose, with {@code restart} tombstones for readers;</li>
 *   <li>{@link #evict(String, long)}: the oldest records go, as a cap eviction, and readers see a tombstone;</li>
 *   <li>{@link #stallSubscribers()}: every watch subscriber stops asking for events until
 *       {@link #resumeSubscribers()}, so it falls behind as a slow consumer does.</li>
 * </ul>
 *
 * <p>Most tests get one from {@link WithSeqlog}; it can also be used directly:
 * <pre>{@code
 * try (SeqlogEmulator seqlog = SeqlogEmulator.builder().mode(Mode.SERVER).start()) {
 *     EventLog log = seqlog.log();
 *     ...
 * }
 * }</pre>
 *
 * <p>Controls are serialized with each other; {@link #log()} may be used from any thread, and keeps working across
 * crashes and resets (calls made while a crash is in progress may fail as they would against a dying server).
 */
public final class SeqlogEmulator implements AutoCloseable {
    private final Mode mode;
    private final Instant startTime;
    private final EmulatorClock clock;
    private final SubscriberGate gate = new SubscriberGate();
    private final EventLog log;
    private final SeqlogClient client;
    private volatile EmulatorNode node;
    private final URI url;
    private boolean closed;

    private SeqlogEmulator(Builder b) {
        this.mode = b.mode;
        this.startTime = b.startTime != null ? b.startTime : Instant.ofEpochMilli(System.currentTimeMillis());
        this.clock = new EmulatorClock(startTime);
        // the first HTTP client of a JVM takes a while to load: made while the engine and server start
        CompletableFuture<HttpClient> http = mode == Mode.SERVER ? CompletableFuture.supplyAsync(EmulatorHttp::client)
                : null;
        this.node = EmulatorNode.start(new SimulatedFileSystem(), clock, serverConfig(0));
        if (mode == Mode.SERVER) {
            this.url = URI.create("http://127.0.0.1:" + node.port());
            this.client = SeqlogClient.builder(url).httpClient(http.join()).build();
            this.log = new EmulatedLog(() -> client, gate);
        } else {
            this.url = null;
            this.client = null;
            this.log = new EmulatedLog(() -> node.engine(), gate);
        }
    }

    /**
     * A builder with every option at its default.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The log to test against: the engine itself in {@link Mode#EMBEDDED}, a {@link SeqlogClient} in
     * {@link Mode#SERVER}. The same reference stays valid across {@link #crash}, {@link #restart} and
     * {@link #reset}; closing it does nothing.
     *
     * @return the log
     */
    public EventLog log() {
        return log;
    }

    /**
     * The server's base URL, for clients other than {@link #log()} (curl, another language, a raw HTTP test). It
     * stays the same across crashes and resets.
     *
     * @return the URL, e.g. {@code http://127.0.0.1:40123}
     * @throws IllegalStateException in {@link Mode#EMBEDDED}
     */
    public URI url() {
        if (mode != Mode.SERVER) {
            throw new IllegalStateException("an embedded emulator has no URL: use Mode.SERVER");
        }
        return url;
    }

    /**
     * How the test reaches the log.
     *
     * @return the mode
     */
    public Mode mode() {
        return mode;
    }

    /**
     * The clock the engine reads; it starts at the builder's start time and moves only when told to.
     *
     * @return the clock
     */
    public EmulatorClock clock() {
        return clock;
    }

    /**
     * Moves the clock forward: {@code clock().advance(delta)}.
     *
     * @param delta how far
     * @return the new time
     */
    public Instant advance(Duration delta) {
        return clock.advance(delta);
    }

    /**
     * Crashes the log and restarts it from what survives, waiting until it is ready again. What each durability
     * class keeps is what it promises ({@link Crash} lists it); readers find a {@code restart} tombstone where
     * acknowledged records were lost, and seqs are never reused. Watches, long-polls and work streams open at the
     * crash end with an error, as they would when a server dies; subscribe again.
     *
     * @param kind a process crash or a power loss
     */
    public synchronized void crash(Crash kind) {
        requireOpen();
        SimulatedFileSystem survivor = node.crash(kind);
        node = EmulatorNode.start(survivor, clock, serverConfig(port()));
    }

    /** Shuts the log down cleanly (everything flushed, a final checkpoint) and starts it again on the same disk. */
    public synchronized void restart() {
        requireOpen();
        node.close();
        node = EmulatorNode.start(node.disk(), clock, serverConfig(port()));
    }

    /**
     * Starts over: an empty log on a new disk, the clock back at the start time, subscribers no longer stalled.
     * {@link WithSeqlog} calls this between the tests of a class that shares one emulator.
     */
    public synchronized void reset() {
        requireOpen();
        node.close();
        clock.set(startTime);
        gate.resume();
        node = EmulatorNode.start(new SimulatedFileSystem(), clock, serverConfig(port()));
    }

    /**
     * Evicts the {@code count} oldest live records of {@code topic} as an operator tightening {@code cap_records}
     * would: the cap is lowered until they are gone and then set back, so the configuration is unchanged
     * afterwards. Readers whose cursor crosses them get a {@code cap} tombstone. The eviction is as durable as the
     * topic's configuration changes are. The newest record always stays, since a cap of 0 means no cap.
     *
     * @param topic the topic
     * @param count how many records, from 1 to the topic's live count minus 1
     * @throws dev.seqlog.api.SeqlogException topic_not_found
     */
    public synchronized void evict(String topic, long count) {
        requireOpen();
        TopicState state = log.state(topic);
        if (count < 1 || count >= state.count()) {
            throw new IllegalArgumentException("cannot evict " + count + " of the " + state.count()
                    + " live records of topic " + topic + ": from 1 to all but the newest");
        }
        TopicConfig original = state.config();
        log.configure(topic, original.toBuilder().capRecords(state.count() - count).build());
        log.configure(topic, original);
    }

    /**
     * Makes every watch subscriber slow: from now on none is given another event (one already asked for still
     * arrives), so their cursors lag while writes go on, and retention may overtake them. Applies to watches
     * opened through {@link #log()}, before or after this call.
     */
    public void stallSubscribers() {
        gate.stall();
    }

    /** Lets watch subscribers read again; one whose records were lost meanwhile gets a gap first. */
    public void resumeSubscribers() {
        gate.resume();
    }

    /** Closes the client (server mode), the server and the engine. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            node.close();
        }
    }

    @Override
    public String toString() {
        return "SeqlogEmulator[" + mode + (mode == Mode.SERVER ? " " + url : "") + " at " + clock.instant() + "]";
    }

    private int port() {
        return node.port();
    }

    private ServerConfig serverConfig(int port) {
        return mode == Mode.SERVER ? ServerConfig.defaults().withPort(port).withDataDir(null) : null;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the emulator is closed");
        }
    }

    /** Options of a {@link SeqlogEmulator}. Not thread-safe. */
    public static final class Builder {
        private Mode mode = Mode.EMBEDDED;
        private Instant startTime;

        private Builder() {
        }

        /**
         * How the test reaches the log. Default: {@link Mode#EMBEDDED}.
         *
         * @param v the mode
         * @return this builder
         */
        public Builder mode(Mode v) {
            this.mode = java.util.Objects.requireNonNull(v, "mode");
            return this;
        }

        /**
         * Where the clock starts. Default: the wall-clock time when the emulator starts.
         *
         * @param v the start time
         * @return this builder
         */
        public Builder startTime(Instant v) {
            this.startTime = java.util.Objects.requireNonNull(v, "startTime");
            return this;
        }

        /**
         * Starts the emulator: a new empty log, ready when this returns.
         *
         * @return the running emulator
         */
        public SeqlogEmulator start() {
            return new SeqlogEmulator(this);
        }
    }
}
