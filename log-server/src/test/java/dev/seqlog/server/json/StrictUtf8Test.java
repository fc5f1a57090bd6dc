package dev.seqlog.server.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The UTF-8 well-formedness check: a table of boundary and ill-formed sequences, positions, and windows. */
class StrictUtf8Test {
    private static byte[] hex(String spaced) {
        if (spaced.isBlank()) {
            return new byte[0];
        }
        String[] parts = spaced.trim().split(" ");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    private static int check(byte[] b) {
        return StrictUtf8.firstInvalid(b, 0, b.length);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "empty                    | ''",
        "U+0000                   | 00",
        "U+007F, last 1-byte      | 7F",
        "U+0080, first 2-byte     | C2 80",
        "U+07FF, last 2-byte      | DF BF",
        "U+0800, first 3-byte     | E0 A0 80",
        "U+D7FF, before surrogates| ED 9F BF",
        "U+E000, after surrogates | EE 80 80",
        "U+FEFF, byte-order mark  | EF BB BF",
        "U+FFFF, last 3-byte      | EF BF BF",
        "U+10000, first 4-byte    | F0 90 80 80",
        "U+10FFFF, last code point| F4 8F BF BF",
        "mixed                    | 61 C3 A9 E2 82 AC F0 9F 98 80 7A",
    })
    void wellFormedSequences(String what, String bytes) {
        assertEquals(-1, check(hex(bytes)), what);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "overlong U+0000 in 2     | C0 80",
        "overlong '/' in 2        | C0 AF",
        "overlong U+007F in 2     | C1 BF",
        "overlong U+0000 in 3     | E0 80 80",
        "overlong U+07FF in 3     | E0 9F BF",
        "overlong U+0000 in 4     | F0 80 80 80",
        "overlong U+FFFF in 4     | F0 8F BF BF",
        "surrogate U+D800         | ED A0 80",
        "surrogate U+DBFF         | ED AF BF",
        "surrogate U+DC00         | ED B0 80",
        "surrogate U+DFFF         | ED BF BF",
        "surrogate pair (CESU-8)  | ED A0 BD ED B8 80",
        "U+110000                 | F4 90 80 80",
        "lead F5                  | F5 80 80 80",
        "lead F7 (U+1FFFFF)       | F7 BF BF BF",
        "lead F8 (5-byte form)    | F8 88 80 80 80",
        "lead FC (6-byte form)    | FC 84 80 80 80 80",
        "byte FE                  | FE",
        "byte FF                  | FF",
        "UTF-16LE BOM             | FF FE",
        "UTF-16BE BOM             | FE FF",
        "stray continuation 80    | 80",
        "stray continuation BF    | BF",
        "2-byte, no continuation  | C3",
        "3-byte, one of two       | E2 82",
        "3-byte, none of two      | E2",
        "4-byte, two of three     | F0 9F 98",
        "4-byte, one of three     | F0 9F",
        "4-byte, none of three    | F0",
        "2-byte, ASCII after lead | C3 41",
        "3-byte, ASCII in middle  | E2 41 AC",
        "3-byte, ASCII at end     | E2 82 41",
        "4-byte, ASCII at end     | F0 9F 98 41",
        "4-byte, lead after lead  | F0 F0 9F 98 80",
    })
    void illFormedSequencesAreFoundAtTheirFirstByte(String what, String bytes) {
        byte[] bad = hex(bytes);
        assertEquals(0, check(bad), what);
        for (int prefix = 1; prefix <= 17; prefix++) { // before, inside and after the eight-byte ASCII stride
            byte[] b = new byte[prefix + bad.length + 1];
            Arrays.fill(b, (byte) 'a');
            System.arraycopy(bad, 0, b, prefix, bad.length);
            b[b.length - 1] = 'z';
            assertEquals(prefix, check(b), what + " after " + prefix + " ASCII bytes");
        }
    }

    @Test
    void aSequenceAfterWellFormedMultiByteTextIsFoundToo() {
        byte[] b = hex("C3 A9 E2 82 AC F0 9F 98 80 61 62 63 64 65 66 67 68 69 ED A0 80 61");
        assertEquals(18, check(b));
    }

    @Test
    void onlyTheWindowIsChecked() {
        byte[] b = hex("FF 61 E2 82 AC 62 FF");
        assertEquals(-1, StrictUtf8.firstInvalid(b, 1, 5));
        assertEquals(0, StrictUtf8.firstInvalid(b, 0, 7));
        assertEquals(6, StrictUtf8.firstInvalid(b, 1, 6));
        assertEquals(2, StrictUtf8.firstInvalid(b, 1, 3), "a sequence cut by the end of the window is truncated");
        assertThrows(IndexOutOfBoundsException.class, () -> StrictUtf8.firstInvalid(b, 5, 3));
    }

    @Test
    void byteOrderMarkIsOnlyTheUtf8OneAtTheStart() {
        assertEquals(3, StrictUtf8.bomLength(hex("EF BB BF 7B 7D"), 0, 5));
        assertEquals(3, StrictUtf8.bomLength(hex("20 EF BB BF"), 1, 3));
        assertEquals(0, StrictUtf8.bomLength(hex("20 EF BB BF"), 0, 4));
        assertEquals(0, StrictUtf8.bomLength(hex("EF BB"), 0, 2));
        assertEquals(0, StrictUtf8.bomLength(hex("FF FE 7B 00"), 0, 4));
        assertEquals(0, StrictUtf8.bomLength(hex("EF BB BF"), 0, 2));
    }

    /** Agrees with the JDK's strict decoder on seeded random bytes weighted towards lead and continuation bytes. */
    @Test
    void agreesWithTheJdkDecoder() {
        long seed = 0x5E01_0617L;
        Random rnd = new Random(seed);
        int[] interesting = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
            0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
        CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int n = 0; n < 200_000; n++) {
            byte[] b = new byte[rnd.nextInt(12)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(256) : interesting[rnd.nextInt(interesting.length)]);
            }
            boolean jdkValid;
            try {
                jdk.reset().decode(ByteBuffer.wrap(b));
                jdkValid = true;
            } catch (CharacterCodingException e) {
                jdkValid = false;
            }
            assertEquals(jdkValid, check(b) < 0, () -> "seed " + seed + ": " + toHex(b));
        }
    }

    private static String toHex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02X ", x & 0xFF));
        }
        return s.toString().trim();
    }
}
