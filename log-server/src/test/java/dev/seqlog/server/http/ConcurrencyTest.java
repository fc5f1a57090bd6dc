package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many concurrent writers and long-polling readers over one connection pool: no lost or duplicated seqs. */
class ConcurrencyTest extends ServerTest {
    @Test
    void concurrentWritesGetContiguousDistinctSeqs() throws Exception {
        put("/v0/topics/c", "{}");
        List<CompletableFuture<Http.Resp>> polls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            polls.add(Http.sendAsync(base, "POST", "/v0/topics/c/diff", JSON, utf8("{\"wait_ms\":20000}"), headers()));
        }
        List<CompletableFuture<Http.Resp>> writes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            writes.add(Http.sendAsync(base, "POST", "/v0/topics/c", JSON,
                    utf8("{\"records\":[{\"data\":" + i + "},{\"data\":" + i + "}]}"), headers()));
        }
        TreeSet<Long> seqs = new TreeSet<>();
        for (CompletableFuture<Http.Resp> w : writes) {
            Http.Resp r = w.get(30, TimeUnit.SECONDS);
            assertTrue(r.status() == 200 || r.status() == 201, r.toString());
            assertEquals(r.num("first_seq") + 1, r.num("last_seq"));
            seqs.add(r.num("first_seq"));
            seqs.add(r.num("last_seq"));
        }
        assertEquals(400, seqs.size());
        assertEquals(1L, seqs.first());
        assertEquals(400L, seqs.last());
        for (CompletableFuture<Http.Resp> p : polls) {
            Http.Resp r = p.get(30, TimeUnit.SECONDS);
            assertEquals(200, r.status());
            assertEquals(1L, r.num("records.0.$seq"));
        }
        assertEquals(400L, head("c"));
    }
}
