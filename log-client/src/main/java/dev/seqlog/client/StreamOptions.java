package dev.seqlog.client;

/**
 * How a watch stream recovers from a lost connection (API §8.4): how many reconnects in a row it tries, how long
 * it waits before each, and how long a silent connection is trusted.
 *
 * @param reconnectAttempts reconnects tried after a failure before the subscriber gets {@code onError}; 0 for none
 * @param reconnectDelayMs wait before each reconnect, in ms
 * @param silenceMs how long a connection may stay silent while data is wanted before it is taken for dead and
 *                  replaced (API §8.6: twice the server's heartbeat plus a margin)
 */
record StreamOptions(int reconnectAttempts, long reconnectDelayMs, long silenceMs) {
    /**
     * The heartbeat interval asked of the server: at most half the silence limit, so a live connection is never
     * taken for dead, within the server's [1 s, 15 s] default range.
     *
     * @return milliseconds
     */
    long heartbeatMs() {
        return Math.max(1_000, Math.min(15_000, silenceMs / 2));
    }
}
