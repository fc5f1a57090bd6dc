package dev.seqlog.core.model;

import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.TagMatch;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Property: random sequences of appends, reads, deletes, reconfigurations, clock moves, topic recreation and
 * (for a durable engine) clean restarts give the same answers from the engine as from {@link LogModel}, and
 * every SEMANTICS §17 invariant listed on {@link Harness} holds after every step.
 *
 * <p>Covered invariants: 1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
 * 25, 26, 27, 28, 29, 30, 31, 32, and with restarts 54, 55, 56 (see {@link Harness} for where each is
 * checked).
 */
class EngineModelPropertyTest {
    /** Data directories not yet deleted (a try abandoned by jqwik's shrinking timeout may still hold one). */
    private static final Set<Path> DATA_DIRS = ConcurrentHashMap.newKeySet();

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void engineAgreesWithModel(@ForAll("steps") List<Step> steps, @ForAll("segmentSizes") int segmentMaxRecords,
                               @ForAll @IntRange(min = 1, max = 7) int walkLimit) {
        try (Harness h = new Harness(segmentMaxRecords, walkLimit)) {
            h.runAll(steps);
            for (String e : h.events()) {
                Statistics.label("outcomes seen").collect(e);
            }
        }
    }

    @Property(tries = 5000, edgeCases = EdgeCasesMode.NONE)
    @Tag("exhaustive")
    void engineAgreesWithModelExhaustive(@ForAll("longSteps") List<Step> steps,
                                         @ForAll("segmentSizes") int segmentMaxRecords,
                                         @ForAll @IntRange(min = 1, max = 7) int walkLimit) {
        try (Harness h = new Harness(segmentMaxRecords, walkLimit)) {
            h.runAll(steps);
        }
    }

    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void engineMatchesModelAcrossRestarts(@ForAll("durableSteps") List<Step> steps,
                                          @ForAll("segmentSizes") int segmentMaxRecords,
                                          @ForAll @IntRange(min = 1, max = 7) int walkLimit,
                                          @ForAll @IntRange(min = 1, max = 3) int walShards) {
        Path dir = newDataDir();
        try (Harness h = new Harness(segmentMaxRecords, walkLimit, dir, walShards)) {
            h.runAll(steps);
            for (String e : h.events()) {
                Statistics.label("outcomes seen").collect(e);
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
    @Tag("exhaustive")
    void engineMatchesModelAcrossRestartsExhaustive(@ForAll("longDurableSteps") List<Step> steps,
                                                    @ForAll("segmentSizes") int segmentMaxRecords,
                                                    @ForAll @IntRange(min = 1, max = 7) int walkLimit,
                                                    @ForAll @IntRange(min = 1, max = 3) int walShards) {
        Path dir = newDataDir();
        try (Harness h = new Harness(segmentMaxRecords, walkLimit, dir, walShards)) {
            h.runAll(steps);
        } finally {
            deleteRecursively(dir);
        }
    }

    /** A fresh data directory under {@code java.io.tmpdir}, named like the strict extension's test directories. */
    static Path newDataDir() {
        try {
            Path dir = Files.createTempDirectory("seqlog-test-model-");
            DATA_DIRS.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes what is left of data directories whose try was abandoned while shrinking. */
    @AfterContainer
    static void deleteLeftovers() {
        for (Path dir : DATA_DIRS) {
            try {
                deleteRecursively(dir);
            } catch (UncheckedIOException e) {
                // still in use by an abandoned try; nothing more to do
            }
        }
    }

    /** Deletes a data directory and everything below it: a closed engine has stopped every thread. */
    static void deleteRecursively(Path dir) {
        deleteTree(dir);
        DATA_DIRS.remove(dir);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<Integer> segmentSizes() {
        return Arbitraries.of(1, 4, 4, 10_000);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return step().list().ofMinSize(1).ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform());
    }

    @Provide
    Arbitrary<List<Step>> longSteps() {
        return step().list().ofMinSize(1).ofMaxSize(120).withSizeDistribution(RandomDistribution.uniform());
    }

    @Provide
    Arbitrary<List<Step>> durableSteps() {
        return durableStep().list().ofMinSize(1).ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform());
    }

    @Provide
    Arbitrary<List<Step>> longDurableSteps() {
        return durableStep().list().ofMinSize(1).ofMaxSize(150).withSizeDistribution(RandomDistribution.uniform());
    }

    /** The steps of {@link #step()} plus checkpoints, clean restarts and recreations into any class. */
    static Arbitrary<Step> durableStep() {
        return Arbitraries.frequencyOf(
                Tuple.of(20, step()),
                Tuple.of(2, restart()),
                Tuple.of(2, Arbitraries.just((Step) new Step.Checkpoint())),
                Tuple.of(1, Combinators.combine(topic(), durability()).as((t, d) -> (Step) new Step.Recreate(t, d))));
    }

    private static Arbitrary<Step> restart() {
        return Arbitraries.integers().between(1, 3).map(n -> (Step) new Step.Restart(n));
    }

    private static Arbitrary<Durability> durability() {
        return Arbitraries.of(Durability.DISK, Durability.FSYNC, Durability.MEMORY, Durability.EPHEMERAL);
    }

    static Arbitrary<Step> step() {
        List<Tuple2<Integer, Arbitrary<Step>>> choices = List.of(
                Tuple.of(30, append()),
                Tuple.of(12, read()),
                Tuple.of(10, readNext()),
                Tuple.of(8, delete()),
                Tuple.of(8, configure()),
                Tuple.of(12, advance()),
                Tuple.of(2, backwards()),
                Tuple.of(3, Combinators.combine(topic(), Arbitraries.of(false, true))
                        .as((t, e) -> (Step) new Step.DropTopic(t, e))),
                Tuple.of(2, topic().map(t -> (Step) new Step.Recreate(t))));
        return Arbitraries.frequencyOf(choices);
    }

    private static Arbitrary<Integer> topic() {
        return Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(1, 1));
    }

    private static Arbitrary<String> orNull(Arbitrary<String> a, int nullPercent) {
        return a.injectNull(nullPercent / 100.0);
    }

    private static Arbitrary<RecSpec> recSpec() {
        Arbitrary<Payload> data = Arbitraries.of(Payload.DATA);
        Arbitrary<Payload> meta = Arbitraries.of(Payload.META).injectNull(0.7);
        Arbitrary<String> tag = orNull(Arbitraries.of("a", "ab", "b"), 30);
        Arbitrary<String> node = orNull(Arbitraries.of("n1", "n2"), 50);
        return Combinators.combine(data, meta, tag, node).as(RecSpec::new);
    }

    private static Arbitrary<Step> append() {
        Arbitrary<List<RecSpec>> recs = recSpec().list().ofMinSize(1).ofMaxSize(5);
        Arbitrary<String> batchNode = orNull(Arbitraries.of("n1", "n2"), 70);
        Arbitrary<String> key = orNull(Arbitraries.of("k1", "k2"), 70);
        Arbitrary<Boolean> create = Arbitraries.of(true, false).injectNull(0.8);
        return Combinators.combine(topic(), recs, batchNode, key, create)
                .as((t, r, n, k, c) -> (Step) new Step.Append(t, r, n, k, c));
    }

    private static Arbitrary<Step.Pos> pos() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 12).map(o -> new Step.Pos(Step.Base.ZERO, o)),
                Arbitraries.longs().between(-2, 2).map(o -> new Step.Pos(Step.Base.EARLIEST, o)),
                Arbitraries.longs().between(-3, 3).map(o -> new Step.Pos(Step.Base.HEAD, o)));
    }

    private static Arbitrary<Set<String>> nodes() {
        return Arbitraries.of(Set.<String>of(), Set.of("n1"), Set.of("n2"), Set.of("n1", "n2"), Set.of("zz"));
    }

    private static Arbitrary<Integer> limit() {
        return Arbitraries.frequency(Tuple.of(5, 1), Tuple.of(5, 2), Tuple.of(4, 3), Tuple.of(3, 5), Tuple.of(3, 0));
    }

    private static Arbitrary<Long> budget() {
        return Arbitraries.of(0L, 0L, 1L, 3L, 8L, 20L);
    }

    private static Arbitrary<Step> read() {
        return Combinators.combine(topic(), pos(), limit(), nodes(), budget(), Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as((t, p, l, n, b, tags, meta) -> (Step) new Step.Read(t, p, l, n, b, tags,
                meta));
    }

    private static Arbitrary<Step> readNext() {
        return Combinators.combine(topic(), Arbitraries.of(0, 1), limit(), nodes(), budget())
                .as((t, r, l, n, b) -> (Step) new Step.ReadNext(t, r, l, n, b));
    }

    private static Arbitrary<TagMatch> match() {
        return Arbitraries.oneOf(
                Arbitraries.of("a", "ab", "b", "c").map(TagMatch::eq),
                Arbitraries.of("*", "a*", "ab*", "b*", "x*").map(TagMatch::glob));
    }

    private static Arbitrary<Step> delete() {
        return Arbitraries.oneOf(
                Combinators.combine(topic(), pos()).as((t, p) -> (Step) new Step.Delete(t, p, null)),
                Combinators.combine(topic(), match()).as((t, m) -> (Step) new Step.Delete(t, null, m)),
                Combinators.combine(topic(), pos(), match()).as((t, p, m) -> (Step) new Step.Delete(t, p, m)));
    }

    private static Arbitrary<Step> configure() {
        Arbitrary<Long> ttl = Arbitraries.of(0L, 1000L, 1500L, 4000L);
        Arbitrary<Long> capR = Arbitraries.of(0L, 2L, 3L, 4L, 7L);
        Arbitrary<Long> capB = Arbitraries.of(0L, 0L, 0L, 6L, 15L, 40L);
        Arbitrary<Discard> discard = Arbitraries.of(Discard.OLD, Discard.REJECT);
        Arbitrary<Long> window = Arbitraries.of(0L, 1000L, 4000L, 120_000L);
        return Combinators.combine(topic(), ttl, capR, capB, discard, Arbitraries.of(true, false), window,
                durability()).as((t, tt, cr, cb, d, dn, w, c) -> (Step) new Step.Configure(t, tt, cr, cb, d, dn, w, c));
    }

    private static Arbitrary<Step> advance() {
        // exact multiples of the generated TTLs and windows hit the "strictly greater" boundaries
        Arbitrary<Long> ms = Arbitraries.frequencyOf(List.of(
                Tuple.of(3, Arbitraries.longs().between(0, 3000)),
                Tuple.of(2, Arbitraries.of(1L, 500L, 1000L, 1500L))));
        return ms.map(v -> (Step) new Step.Advance(v));
    }

    private static Arbitrary<Step> backwards() {
        return Arbitraries.longs().between(1, 5000).map(ms -> (Step) new Step.Advance(-ms));
    }
}
