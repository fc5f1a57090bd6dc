package dev.seqlog.server.http;

/**
 * A request body after size, media-type and content-coding checks, decompressed. An empty body
 * stands for {@code {}}. Immutable by convention: the array is not shared.
 *
 * @param bytes the bytes, valid up to {@code length}
 * @param length the body length
 * @param ndjson whether the body is application/x-ndjson
 */
record Body(byte[] bytes, int length, boolean ndjson) {
    static final Body EMPTY = new Body(new byte[0], 0, false);
}
