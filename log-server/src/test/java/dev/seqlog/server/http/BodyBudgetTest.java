package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bound on request-body bytes held at once: bodies over it wait, unread, in order, and nothing leaks. */
class BodyBudgetTest extends ServerTest {
    private static final int MIB = 1 << 20;

    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_BODY_BYTES_IN_FLIGHT", Integer.toString(MIB));
    }

    @Test
    void smallBodiesNeverWaitAndLargeOnesWaitInOrder() {
        BodyBudget b = new BodyBudget(MIB);
        List<String> started = new ArrayList<>();
        assertEquals(0, b.charge(BodyBudget.SMALL));
        assertTrue(b.take(b.charge(BodyBudget.SMALL), () -> started.add("small")));
        long big = b.charge(600 << 10);
        assertTrue(b.take(big, () -> started.add("first")));
        assertFalse(b.take(big, () -> started.add("second")));
        assertFalse(b.take(b.charge(100 << 10), () -> started.add("third")), "no overtaking a waiting body");
        assertEquals(List.of(), started);
        b.release(big);
        assertEquals(List.of("second", "third"), started);
        assertEquals(big + (100 << 10), b.used());
        assertEquals(MIB, b.charge(10L * MIB), "a body over the bound goes through alone");
    }

    @Test
    void aCancelledWaiterIsForgotten() {
        BodyBudget b = new BodyBudget(MIB);
        long big = b.charge(MIB);
        assertTrue(b.take(big, () -> { }));
        Runnable later = () -> {
            throw new AssertionError("cancelled");
        };
        assertFalse(b.take(big, later));
        assertTrue(b.cancel(later));
        b.release(big);
        assertEquals(0, b.used());
        assertEquals(0, b.waiting());
    }

    @Test
    void aBodyOverTheBoundIsNotReadUntilTheOneBeforeItEnds() {
        String head = "POST /v0/topics/t HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ";
        String body = "{\"records\":[{\"data\":\"" + "x".repeat(700 << 10) + "\"}]}";
        try (RawConnection first = RawConnection.open(server.port());
             RawConnection second = RawConnection.open(server.port())) {
            first.send(head + body.length() + "\r\n\r\n" + body.substring(0, 100)); // holds 700 KiB of the bound
            await().until(() -> server.state().inFlight() == 1);
            second.send(head + body.length() + "\r\n\r\n" + body);
            await().until(() -> server.api().bodyBudget.waiting() == 1);
            assertEquals(201, post("/v0/topics/small", "{\"records\":[{\"data\":1}]}").status(), "small bodies pass");
            first.send(body.substring(100));
            assertEquals(201, RawConnection.status(first.readResponse()));
            assertEquals(200, RawConnection.status(second.readResponse()));
        }
        await().until(() -> server.api().bodyBudget.used() == 0);
        assertEquals(2L, head("t"));
    }
}
