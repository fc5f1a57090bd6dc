package dev.seqlog.core.durability;

import dev.seqlog.core.spi.sim.TearMode;

/**
 * Which crash points and loss modes a sweep visits: a deterministic sample of about 40 points (nothing lost and a
 * torn subset lost at each, everything kept at the last), or every point with all five loss modes. Stateless.
 */
final class CrashPoints {
    /** Crashes a workload after mutating call {@code n}, loses the cache per {@code mode}, and checks recovery. */
    @FunctionalInterface
    interface Point {
        void sweep(long n, TearMode mode, long seed);
    }

    private CrashPoints() {
    }

    /** @return how many points were sampled out of {@code total} */
    static int sampled(long total, Point p) {
        int checked = 0;
        for (long n = 1; n <= total; n += Math.max(1, total / 40)) {
            p.sweep(n, TearMode.NONE, 0);
            p.sweep(n, TearMode.TORN, n);
            checked++;
        }
        p.sweep(total, TearMode.ALL, 0);
        return checked;
    }

    /** Visits every point from 0 to {@code total} with no, all and three torn losses. */
    static void every(long total, Point p) {
        for (long n = 0; n <= total; n++) {
            p.sweep(n, TearMode.NONE, 0);
            p.sweep(n, TearMode.ALL, 0);
            for (long seed = 1; seed <= 3; seed++) {
                p.sweep(n, TearMode.TORN, n * 31 + seed);
            }
        }
    }
}
