package dev.seqlog.api;

import dev.seqlog.testsupport.RandomJson;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of the canonical form over random JSON (jqwik prints the falsifying seed): every spelling
 * of a value canonicalises to the same bytes, built independently by {@link RandomJson}; canonical text is
 * a fixed point; damaged text is refused with invalid_request, never with another exception.
 */
class CanonicalJsonPropertyTest {
    /** Bytes that make damage look like JSON, so it goes deeper than the first token. */
    private static final String JSON_BYTES = "{}[]\",:\\u0e-. \n";

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
    void everySpellingOfAValueHasTheSameCanonicalBytes(@ForAll long seed) {
        RandomJson.Sample s = RandomJson.value(new Random(seed), 4);
        byte[] noisy = s.noisyBytes();
        byte[] out = CanonicalJson.canonicalize(noisy, "data");
        assertEquals(s.canonical(), new String(out, StandardCharsets.UTF_8), s.noisy());
        assertTrue(out.length <= noisy.length);
        byte[] canonical = s.canonicalBytes();
        assertSame(canonical, CanonicalJson.canonicalize(canonical, "data"), "canonical input is kept as it is");
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void appendingManyValuesMatchesCanonicalisingEachAndNeverReallocates(@ForAll long seed) {
        Random r = new Random(seed);
        RandomJson.Sample[] samples = new RandomJson.Sample[1 + r.nextInt(6)];
        StringBuilder lines = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < samples.length; i++) {
            samples[i] = RandomJson.value(r, 3);
            lines.append(samples[i].noisy().replace('\n', ' ')).append('\n');
            expected.append(samples[i].canonical());
        }
        byte[] in = lines.toString().getBytes(StandardCharsets.UTF_8);
        CanonicalJson c = new CanonicalJson(in.length);
        byte[] buffer = c.buffer();
        int from = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\n') {
                c.appendDocument(in, from, i - from, "data");
                from = i + 1;
            }
        }
        assertSame(buffer, c.buffer());
        assertEquals(expected.toString(), new String(c.buffer(), 0, c.size(), StandardCharsets.UTF_8));
    }

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
    void damagedTextIsRefusedOrCanonicalisedNeverACrash(@ForAll long seed) {
        Random r = new Random(seed);
        byte[] in = RandomJson.value(r, 3).noisyBytes();
        int edits = 1 + r.nextInt(3);
        for (int i = 0; i < edits && in.length > 0; i++) {
            int at = r.nextInt(in.length);
            switch (r.nextInt(3)) {
                case 0:
                    in[at] = (byte) r.nextInt(256);
                    break;
                case 1:
                    in = Arrays.copyOf(in, at); // truncate
                    break;
                default:
                    in[at] = (byte) JSON_BYTES.charAt(r.nextInt(JSON_BYTES.length()));
            }
        }
        byte[] out;
        try {
            out = CanonicalJson.canonicalize(in, "data");
        } catch (SeqlogException e) {
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertEquals("data", e.detail().get("field"));
            return;
        }
        assertArrayEquals(out, CanonicalJson.canonicalize(out, "data"), "the output is canonical");
        assertTrue(out.length <= in.length);
    }
}
