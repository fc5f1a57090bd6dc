package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a {@code Content-Encoding: gzip} request body exactly (RFC 1952): every member's header, deflate
 * stream, CRC-32 and length are checked, members may follow one another, and any byte after the last member
 * is an error. {@code java.util.zip.GZIPInputStream} silently ignores trailing garbage, which is why this
 * exists. The output is bounded by the body limit, so a decompression bomb stops at the limit. Stateless.
 */
final class GzipBody {
    private static final int FTEXT_MASK = 0xE0; // reserved flag bits must be zero
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int TRAILER = 8;

    private GzipBody() {
    }

    /**
     * @param in the encoded body
     * @param max the limit on the decoded length
     * @return the decoded bytes
     * @throws SeqlogException invalid_request when the body is not exactly a sequence of gzip members,
     *         payload_too_large when the decoded length passes {@code max}
     */
    static byte[] decode(byte[] in, long max) {
        long cap = Math.min(max + 1, Integer.MAX_VALUE - 8);
        byte[] out = new byte[(int) Math.min(cap, Math.max(256, Math.min((long) in.length * 4, 1 << 20)))];
        int outLen = 0;
        int pos = 0;
        Inflater inflater = new Inflater(true);
        try {
            do {
                pos = header(in, pos);
                inflater.reset();
                inflater.setInput(in, pos, in.length - pos);
                CRC32 crc = new CRC32();
                int start = outLen;
                while (!inflater.finished()) {
                    if (outLen == out.length) {
                        if (outLen > max) {
                            throw BodyIn.tooLarge(max);
                        }
                        out = Arrays.copyOf(out, (int) Math.min((long) out.length * 2, cap));
                    }
                    int n = inflater.inflate(out, outLen, out.length - outLen);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw invalid(); // the deflate stream ends before its final block
                    }
                    outLen += n;
                    if (outLen > max) {
                        throw BodyIn.tooLarge(max);
                    }
                }
                crc.update(out, start, outLen - start);
                pos = in.length - inflater.getRemaining();
                if (in.length - pos < TRAILER
                        || le32(in, pos) != (int) crc.getValue()
                        || le32(in, pos + 4) != outLen - start) {
                    throw invalid();
                }
                pos += TRAILER;
            } while (pos < in.length);
        } catch (DataFormatException e) {
            throw invalid();
        } finally {
            inflater.end();
        }
        return outLen == out.length ? out : Arrays.copyOf(out, outLen);
    }

    /** Checks a member header at {@code pos} and returns where its deflate stream starts. */
    private static int header(byte[] in, int pos) {
        if (in.length - pos < 10 || (in[pos] & 0xFF) != 0x1F || (in[pos + 1] & 0xFF) != 0x8B || in[pos + 2] != 8
                || (in[pos + 3] & FTEXT_MASK) != 0) {
            throw invalid();
        }
        int flags = in[pos + 3];
        int p = pos + 10;
        if ((flags & FEXTRA) != 0) {
            require(in, p, 2);
            p += 2 + ((in[p] & 0xFF) | (in[p + 1] & 0xFF) << 8);
        }
        if ((flags & FNAME) != 0) {
            p = skipZeroTerminated(in, p);
        }
        if ((flags & FCOMMENT) != 0) {
            p = skipZeroTerminated(in, p);
        }
        if ((flags & FHCRC) != 0) {
            p += 2;
        }
        require(in, p, 0);
        return p;
    }

    private static int skipZeroTerminated(byte[] in, int p) {
        while (p < in.length && in[p] != 0) {
            p++;
        }
        require(in, p, 1);
        return p + 1;
    }

    private static void require(byte[] in, int p, int n) {
        if (p < 0 || p + n > in.length) {
            throw invalid();
        }
    }

    private static int le32(byte[] in, int p) {
        return (in[p] & 0xFF) | (in[p + 1] & 0xFF) << 8 | (in[p + 2] & 0xFF) << 16 | (in[p + 3] & 0xFF) << 24;
    }

    private static SeqlogException invalid() {
        return new SeqlogException(ErrorCode.INVALID_REQUEST, "the request body is not valid gzip");
    }
}
