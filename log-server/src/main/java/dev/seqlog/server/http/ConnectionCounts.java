package dev.seqlog.server.http;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per client address, for the per-address cap (API §12.3). An address's entry exists only
 * while it has connections, so the map never grows with the number of clients seen. Thread-safe.
 */
final class ConnectionCounts {
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
    private final int max;

    /** @param max connections allowed per address; 0 means no cap */
    ConnectionCounts(int max) {
        this.max = max;
    }

    /** Counts a new connection; false (and nothing counted) when the address is at its cap. */
    boolean tryOpen(InetAddress a) {
        boolean[] ok = {false};
        open.compute(a, (k, n) -> {
            int c = n == null ? 0 : n;
            if (max > 0 && c >= max) {
                return n;
            }
            ok[0] = true;
            return c + 1;
        });
        return ok[0];
    }

    void closed(InetAddress a) {
        open.computeIfPresent(a, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** @return open connections in all */
    int total() {
        int t = 0;
        for (int n : open.values()) {
            t += n;
        }
        return t;
    }

    int max() {
        return max;
    }
}
