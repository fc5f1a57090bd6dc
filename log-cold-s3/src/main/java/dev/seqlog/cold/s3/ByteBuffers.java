package dev.seqlog.cold.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Moves bytes between the caller's buffers and the SDK's streams without an intermediate copy of the whole
 * object (segments are megabytes). Stateless; never moves the position of a buffer it only reads.
 */
final class ByteBuffers {

    private static final int COPY_CHUNK = 64 * 1024;

    private ByteBuffers() {
    }

    /** The base64 MD5 of the remaining bytes, as {@code Content-MD5} wants it. */
    static String md5Base64(ByteBuffer content) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(content.duplicate());
            return Base64.getEncoder().encodeToString(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** A stream of the remaining bytes, reading a view so the buffer itself is untouched; one per attempt. */
    static InputStream inputStream(ByteBuffer content) {
        ByteBuffer view = content.duplicate();
        return new InputStream() {
            @Override
            public int read() {
                return view.hasRemaining() ? view.get() & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (!view.hasRemaining()) {
                    return -1;
                }
                int n = Math.min(len, view.remaining());
                view.get(b, off, n);
                return n;
            }

            @Override
            public int available() {
                return view.remaining();
            }
        };
    }

    /** Fills {@code dst} from the stream, or stops at the stream's end leaving the rest of dst unfilled. */
    static void copy(InputStream in, ByteBuffer dst) throws IOException {
        if (dst.hasArray()) {
            while (dst.hasRemaining()) {
                int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
                if (n < 0) {
                    return;
                }
                dst.position(dst.position() + n);
            }
            return;
        }
        byte[] chunk = new byte[Math.min(COPY_CHUNK, dst.remaining())];
        while (dst.hasRemaining()) {
            int n = in.read(chunk, 0, Math.min(chunk.length, dst.remaining()));
            if (n < 0) {
                return;
            }
            dst.put(chunk, 0, n);
        }
    }
}
