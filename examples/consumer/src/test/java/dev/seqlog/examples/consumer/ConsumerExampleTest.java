package dev.seqlog.examples.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConsumerExampleTest {
    @Test
    void appendsAndReadsBackInOrder() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            ConsumerExample.run(out);
        }

        // seqs start at 1 and have no gaps; data comes back in canonical form (no whitespace between tokens)
        assertEquals(List.of(
                "appended 3 records: seq 1..3",
                "1 order-1 {\"sku\":\"A-1\",\"qty\":2}",
                "2 order-2 {\"sku\":\"B-2\",\"qty\":1}",
                "3 order-3 {\"sku\":\"C-3\",\"qty\":5}",
                "caught up: true"),
                buffer.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
