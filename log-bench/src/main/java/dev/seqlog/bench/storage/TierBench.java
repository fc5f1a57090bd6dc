package dev.seqlog.bench.storage;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.RecordView;
import dev.seqlog.cold.s3.S3ObjectStore;
import dev.seqlog.cold.s3.S3Settings;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.internal.storage.JdkFileSystem;
import dev.seqlog.core.spi.DirectoryObjectStore;
import dev.seqlog.core.spi.ObjectStore;
import java.net.URI;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The object-store tier's two costs, against an S3-compatible server already running (the recorded runs
 * use s3proxy with its filesystem backend on loopback):
 *
 * <ul>
 *   <li><b>read</b>: fill a disk-class topic, let checkpoints tier every sealed segment but one and reclaim
 *       the local copies, then read the whole topic sequentially from seq 0 after a restart (the cache is
 *       empty: every segment is fetched) and again (the cache holds them); the anchor reads the same records
 *       from an engine without a tier, whose segments are mapped local files;</li>
 *   <li><b>append</b>: {@code --producers} threads append batches of 100 to an fsync-class topic for
 *       {@code --seconds}, with checkpoints in the background at their default triggers; with the tier, a
 *       round uploads what each checkpoint leaves due, on its own thread. The anchor is the same run without
 *       a tier. Target: within 10 %.</li>
 * </ul>
 *
 * <p>Run: {@code java -cp log-bench/target/seqlog-bench.jar dev.seqlog.bench.storage.TierBench --endpoint URL
 * --bucket NAME --access-key ID --secret KEY}; the bucket must exist. Options: {@code --records N} (200000),
 * {@code --payload BYTES} (1000), {@code --producers N} (16), {@code --seconds N} (20), {@code --repeats N} (2),
 * {@code --dir PATH}, {@code --only reads|appends}, {@code --rate N} (records a second offered by all
 * producers together, on a schedule; default 0, as fast as they can).
 */
public final class TierBench {
    private static final int SEGMENT_RECORDS = 10_000;
    /** Records a second all producers together offer, 0 = as fast as they can (a saturation test). */
    private static long appendRate;

    private TierBench() {
    }

    /**
     * @param args see the class comment
     * @throws Exception on a failure
     */
    public static void main(String[] args) throws Exception {
        StorageBench.header("TierBench", args);
        long records = 200_000;
        int payload = 1000;
        int producers = 16;
        int seconds = 20;
        int repeats = 2;
        Path parent = Path.of("");
        URI endpoint = null;
        String bucket = null;
        String id = null;
        String secret = null;
        String only = "all";
        long rate = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--records" -> records = Long.parseLong(StorageBench.need(a, v));
                case "--payload" -> payload = Integer.parseInt(StorageBench.need(a, v));
                case "--producers" -> producers = Integer.parseInt(StorageBench.need(a, v));
                case "--seconds" -> seconds = Integer.parseInt(StorageBench.need(a, v));
                case "--repeats" -> repeats = Integer.parseInt(StorageBench.need(a, v));
                case "--dir" -> parent = Path.of(StorageBench.need(a, v));
                case "--endpoint" -> endpoint = URI.create(StorageBench.need(a, v));
                case "--bucket" -> bucket = StorageBench.need(a, v);
                case "--access-key" -> id = StorageBench.need(a, v);
                case "--secret" -> secret = StorageBench.need(a, v);
                case "--only" -> only = StorageBench.need(a, v);
                case "--rate" -> rate = Long.parseLong(StorageBench.need(a, v));
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
            i++;
        }
        if (endpoint == null || bucket == null) {
            throw new IllegalArgumentException("--endpoint and --bucket are required");
        }
        S3Settings settings = S3Settings.of(endpoint, bucket);
        if (id != null) {
            settings = settings.withCredentials(id, secret);
        }
        Path dir = StorageBench.freshDir(parent);
        try {
            if (!only.equals("appends")) {
                reads(dir, settings, records, payload, repeats);
            }
            if (only.equals("reads")) {
                return;
            }
            S3Settings s3 = settings;
            appendRate = rate;
            appends(dir, r -> S3ObjectStore.open(s3.withPrefix("appends-" + r)), "s3", producers, seconds,
                    payload, repeats);
            // the same with the objects written to a local directory: what tiering costs the writer itself,
            // without the S3 server's work on the same two cores
            appends(dir, r -> new DirectoryObjectStore(new JdkFileSystem(), dir.resolve("objects-" + r)), "directory",
                    producers, seconds, payload, repeats);
        } finally {
            StorageBench.delete(dir);
        }
    }

    private static EngineOptions.Builder options(Path data, ObjectStore store) {
        EngineOptions.Builder b = EngineOptions.builder().dataDir(data).backgroundExpiry(false)
                .backgroundCheckpoints(false).segmentMaxRecords(SEGMENT_RECORDS).hotRetainSegments(0);
        return store == null ? b : b.objectStore(store);
    }

    private static void reads(Path dir, S3Settings settings, long records, int payload, int repeats)
            throws IOException {
        Path local = dir.resolve("local");
        long tieredBytes = 0;
        Path tiered = dir.resolve("tiered");
        try (S3ObjectStore store = S3ObjectStore.open(settings.withPrefix("reads"))) {
            for (Path data : List.of(local, tiered)) {
                try (SeqlogEngine e = SeqlogEngine.open(options(data, data == tiered ? store : null).build())) {
                    StorageBench.configureDisk(e);
                    StorageBench.appendRecords(e, records, 1000, payload);
                    // tier (a pass inside which uploads run starts none after 2 s), then reclaim the hot copies two
                    // passes later: no segment may be read from a local copy in the tiered runs
                    for (int i = 0; i < 6 || (e.tierStats() != null && e.tierStats().lagSegments() > 0); i++) {
                        e.checkpoint();
                    }
                    if (e.tierStats() != null) {
                        tieredBytes = e.tierStats().uploadedBytes();
                        System.out.printf(Locale.ROOT, "tiered %d segments, %,d B%n", e.tierStats().uploads(),
                                tieredBytes);
                    }
                }
            }
            for (int r = 1; r <= repeats; r++) {
                double localFirst;
                double localRate;
                try (SeqlogEngine e = SeqlogEngine.open(options(local, null).build())) {
                    localFirst = readAll(e, records); // the first touch of a segment checks its checksums
                    localRate = readAll(e, records);
                }
                double cold;
                double warm;
                try (SeqlogEngine e = SeqlogEngine.open(options(tiered, store).build())) {
                    long before = e.tierStats().fetchedBytes();
                    cold = readAll(e, records);
                    if (e.tierStats().fetchedBytes() - before < tieredBytes) {
                        throw new IllegalStateException("the cold read did not fetch every tiered segment");
                    }
                    warm = readAll(e, records);
                    System.out.printf(Locale.ROOT, "  %d ranged GETs, %,d B; cache lookups served locally %d%n",
                            e.tierStats().fetches(), e.tierStats().fetchedBytes(), e.tierStats().cacheHits());
                }
                System.out.printf(Locale.ROOT, "read run %d: local first %,.0f rec/s, again %,.0f rec/s | tiered "
                        + "cold cache %,.0f rec/s (%.2f of local first) | tiered warm cache %,.0f rec/s (%.2f of local "
                        + "again)%n", r, localFirst, localRate, cold, cold / localFirst, warm, warm / localRate);
            }
        }
    }

    private static double readAll(SeqlogEngine e, long records) {
        long[] seen = new long[2];
        RecordSink sink = (RecordView v) -> {
            seen[0]++;
            seen[1] += v.dataLength();
        };
        long t0 = System.nanoTime();
        long from = 0;
        while (true) {
            DiffResult r = e.diff(StorageBench.TOPIC, DiffRequest.from(from).withLimit(StorageBench.READ_LIMIT), sink);
            if (r.caughtUp()) {
                break;
            }
            from = r.nextFromSeq();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (seen[0] != records) {
            throw new IllegalStateException("read " + seen[0] + " records, expected " + records);
        }
        return records / secs;
    }

    /** Opens the store of one repeat. */
    private interface StoreFactory {
        ObjectStore open(int repeat) throws IOException;
    }

    private static void appends(Path dir, StoreFactory stores, String kind, int producers, int seconds, int payload,
                                int repeats) throws Exception {
        List<Double> ratios = new ArrayList<>();
        for (int r = 1; r <= repeats; r++) {
            double base;
            double tier;
            boolean baseFirst = r % 2 == 1;
            try (ObjectStore store = stores.open(r)) {
                if (baseFirst) {
                    base = appendRun(dir.resolve("a-base-" + kind + r), null, producers, seconds, payload);
                    tier = appendRun(dir.resolve("a-tier-" + kind + r), store, producers, seconds, payload);
                } else {
                    tier = appendRun(dir.resolve("a-tier-" + kind + r), store, producers, seconds, payload);
                    base = appendRun(dir.resolve("a-base-" + kind + r), null, producers, seconds, payload);
                }
                for (String key : store.list("")) { // each run writes gigabytes: leave the disk as it was
                    store.delete(key);
                }
            }
            ratios.add(tier / base);
            System.out.printf(Locale.ROOT, "append run %d, %s store (%s first): without tier %,.0f rec/s | with tier "
                    + "%,.0f rec/s | ratio %.3f%n", r, kind, baseFirst ? "base" : "tier", base, tier, tier / base);
        }
        double m = StorageBench.median(ratios);
        System.out.printf(Locale.ROOT, "append ratio median, %s store: %.3f (target >= 0.90): %s%n", kind, m,
                StorageBench.verdict(m >= 0.90));
    }

    private static double appendRun(Path data, ObjectStore store, int producers, int seconds, int payload)
            throws Exception {
        // background checkpoints at their default triggers, as a server runs: tiering rounds then run on their
        // own thread
        try (SeqlogEngine e = SeqlogEngine.open(options(data, store).backgroundCheckpoints(true).build())) {
            // fsync: each append waits for its flush, a rate the machine sustains, so checkpoints keep up and
            // the comparison measures what tiering takes from appends, not how memory fills
            e.configure(StorageBench.TOPIC, TopicConfig.builder().durability(Durability.FSYNC).build());
            AppendRequest batch = StorageBench.sameBatch(100, payload);
            AtomicBoolean stop = new AtomicBoolean();
            LongAdder done = new LongAdder();
            List<Thread> threads = new ArrayList<>();
            Histogram latency = new Histogram(3);
            // with a rate, each producer sends its share on a fixed schedule and a late append is timed from
            // when it was due, so waiting shows in the latency instead of slowing the offered load
            long intervalNanos = appendRate == 0 ? 0 : 1_000_000_000L * 100 * producers / appendRate;
            long start = System.nanoTime();
            for (int p = 0; p < producers; p++) {
                Thread t = new Thread(() -> {
                    long due = start;
                    while (!stop.get()) {
                        if (intervalNanos > 0) {
                            due += intervalNanos;
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                            }
                        }
                        long from = intervalNanos > 0 ? due : System.nanoTime();
                        e.append(StorageBench.TOPIC, batch);
                        long took = System.nanoTime() - from;
                        synchronized (latency) {
                            latency.recordValue(Math.max(0, took));
                        }
                        done.add(100);
                    }
                }, "producer-" + p);
                threads.add(t);
            }
            long t0 = System.nanoTime();
            threads.forEach(Thread::start);
            TimeUnit.SECONDS.sleep(seconds);
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "  %s: append latency %s%n", store == null ? "without tier" : "with tier",
                    dev.seqlog.bench.Percentiles.line(latency));
            if (e.tierStats() != null) {
                System.out.printf(Locale.ROOT, "  tier: %d uploads, %,d B, lag %d segments, %d errors%n",
                        e.tierStats().uploads(), e.tierStats().uploadedBytes(), e.tierStats().lagSegments(),
                        e.tierStats().uploadErrors());
            }
            return done.sum() / secs;
        } finally {
            StorageBench.delete(data);
        }
    }
}
