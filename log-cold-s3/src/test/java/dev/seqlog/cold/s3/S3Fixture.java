package dev.seqlog.cold.s3;

import dev.seqlog.testsupport.S3ProxyProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Shared by the tests: settings for an S3Proxy bucket, content with its digest. */
final class S3Fixture {

    static final String BUCKET = "seqlog-test";

    private S3Fixture() {
    }

    /** Creates the bucket {@value #BUCKET} unless it exists. */
    static void createBucket(S3ProxyProcess s3) throws IOException {
        s3.createBucket(BUCKET);
    }

    /** Settings for the bucket with the proxy's credentials and a prefix. */
    static S3Settings settings(S3ProxyProcess s3, String prefix) {
        return S3Settings.of(s3.endpoint(), BUCKET).withPrefix(prefix).withCredentials(s3.identity(), s3.credential());
    }

    /** {@code size} bytes from a seeded generator (the seed is part of the test's name when it matters). */
    static ByteBuffer content(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(ByteBuffer content) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(content.duplicate());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Creates an object from the content with its true digest. */
    static void put(S3ObjectStore store, String key, ByteBuffer content) throws IOException {
        store.create(key, content, sha256(content));
    }

    /** Reads {@code length} bytes at {@code offset} into a fresh heap buffer, flipped. */
    static ByteBuffer read(S3ObjectStore store, String key, long offset, int length) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(length);
        store.read(key, offset, dst);
        return dst.flip();
    }
}
