package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GzipBodyTest {
    private static final long MAX = 1 << 20;

    @Test
    void oneMemberDecodes() throws IOException {
        assertArrayEquals(utf8("{\"a\":1}"), GzipBody.decode(gzip("{\"a\":1}"), MAX));
    }

    @Test
    void concatenatedMembersDecodeAsOneBody() throws IOException {
        assertArrayEquals(utf8("abcdef"), GzipBody.decode(concat(gzip("abc"), gzip("def")), MAX));
    }

    @Test
    void anEmptyMemberDecodesToNothing() throws IOException {
        assertEquals(0, GzipBody.decode(gzip(""), MAX).length);
    }

    @Test
    void headerFieldsAreSkipped() throws IOException {
        byte[] plain = gzip("xyz");
        // rebuild the member with FEXTRA, FNAME and FCOMMENT set
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.write(plain, 0, 3);
        m.write(4 | 8 | 16);
        m.write(plain, 4, 6);
        m.write(new byte[] {3, 0, 'e', 'x', 't'});
        m.write(utf8("name\0comment\0"));
        m.write(plain, 10, plain.length - 10);
        assertArrayEquals(utf8("xyz"), GzipBody.decode(m.toByteArray(), MAX));
    }

    @Test
    void trailingGarbageIsRefused() throws IOException {
        assertInvalid(concat(gzip("abc"), utf8("junk")));
        assertInvalid(concat(gzip("abc"), new byte[] {0x1f}));
    }

    @Test
    void aTruncatedMemberIsRefused() throws IOException {
        byte[] z = gzip("hello world");
        for (int cut = 1; cut < z.length; cut++) {
            assertInvalid(Arrays.copyOf(z, cut));
        }
    }

    @Test
    void aWrongChecksumOrLengthIsRefused() throws IOException {
        byte[] z = gzip("hello world");
        byte[] badCrc = z.clone();
        badCrc[z.length - 8] ^= 1;
        assertInvalid(badCrc);
        byte[] badLen = z.clone();
        badLen[z.length - 4] ^= 1;
        assertInvalid(badLen);
    }

    @Test
    void notGzipAtAllIsRefused() {
        assertInvalid(utf8("{\"a\":1}"));
        assertInvalid(new byte[] {0x1f, (byte) 0x8b, 9, 0, 0, 0, 0, 0, 0, 0}); // not deflate
        assertInvalid(new byte[] {0x1f, (byte) 0x8b, 8, (byte) 0x80, 0, 0, 0, 0, 0, 0}); // reserved flag
    }

    @Test
    void aBombStopsAtTheLimit() throws IOException {
        byte[] z = gzip("0".repeat(5 << 20));
        SeqlogException e = assertThrows(SeqlogException.class, () -> GzipBody.decode(z, MAX));
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.code());
        assertEquals(5 << 20, GzipBody.decode(z, 5 << 20).length, "exactly at the limit is allowed");
    }

    private static void assertInvalid(byte[] body) {
        SeqlogException e = assertThrows(SeqlogException.class, () -> GzipBody.decode(body, MAX));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(utf8(s));
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
