package dev.seqlog.client;

/**
 * How a watch stream recovers from a lost connection (API §8.4): how many reconnects in a row it tries, and how
 * long it waits before each.
 *
 * @param reconnectAttempts reconnects tried after a failure before the subscriber gets {@code onError}; 0 for none
 * @param reconnectDelayMs wait before each reconnect, in ms
 */
record StreamOptions(int reconnectAttempts, long reconnectDelayMs) {
}
