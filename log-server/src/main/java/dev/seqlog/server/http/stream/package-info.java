/**
 * Long-lived streams over the engine's watches (API §8, §9): watch sessions and their composite cursors, the
 * SSE stream and the WebSocket connection, and the caps on them. Each stream subscribes to a
 * {@link dev.seqlog.api.WatchPublisher} and asks for more events only as its bounded outbound queue drains to
 * the socket, so a slow client lags on its own cursors and never holds up a writer or another stream.
 */
package dev.seqlog.server.http.stream;
