package dev.seqlog.core.routers;

import dev.seqlog.api.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reserved meta member: replacing the writer's own, and finding a router's key in a destination record. */
class ExactlyOnceKeyTest {
    private static final byte[] MEMBER = ExactlyOnceKey.member("o->m", "o", 3, 42);
    private static final String M = new String(MEMBER, StandardCharsets.US_ASCII);

    private static String stamp(String meta) {
        byte[] canonical = meta == null ? null : CanonicalJson.canonicalize(meta.getBytes(StandardCharsets.UTF_8), "meta");
        return new String(ExactlyOnceKey.stamp(canonical, MEMBER), StandardCharsets.UTF_8);
    }

    private static long seq(String meta, String prefix) {
        byte[] b = meta.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(b.length + 3).put(new byte[] {1, 2, 3}).put(b);
        return ExactlyOnceKey.sourceSeq(buf, 3, b.length, prefix.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void theMemberIsTheDocumentedObject() {
        assertEquals("\"_topics_router\":{\"idempotency_key\":\"router:o->m:o:3:42\",\"router\":\"o->m\","
                + "\"source_topic\":\"o\",\"source_epoch\":3,\"source_seq\":42}", M);
    }

    @Test
    void stampingReplacesEveryReservedMemberAndKeepsTheRest() {
        assertEquals("{" + M + "}", stamp(null));
        assertEquals("{" + M + "}", stamp("{}"));
        assertEquals("{\"a\":1," + M + "}", stamp("{\"a\":1}"));
        assertEquals("{" + M + "}", stamp("{\"_topics_router\":{\"x\":[1,\"}\"]}}"));
        assertEquals("{\"a\":\"_topics_router\",\"b\":[{\"_topics_router\":1}],\"c\":\"q\\\"\\\\\"," + M + "}",
                stamp("{\"a\":\"_topics_router\",\"_topics_router\":true,\"b\":[{\"_topics_router\":1}],"
                        + "\"_topics_router\":\"again\",\"c\":\"q\\\"\\\\\"}"));
        assertEquals("{\"n\":-1.5e3,\"t\":true,\"z\":null," + M + "}", stamp("{\"n\":-1.5e3,\"t\":true,\"z\":null}"));
    }

    @Test
    void aRoutersKeyIsFoundOnlyAtTheTopLevelAndOnlyForThatRouterAndEpoch() {
        String stamped = stamp("{\"a\":{\"_topics_router\":{\"idempotency_key\":\"router:o->m:o:3:7\"}}}");
        assertEquals(42, seq(stamped, ExactlyOnceKey.prefix("o->m", "o", 3)));
        assertEquals(-1, seq(stamped, ExactlyOnceKey.prefix("o->m", "o", 4)));
        assertEquals(-1, seq(stamped, ExactlyOnceKey.prefix("o->n", "o", 3)));
        assertEquals(-1, seq("{\"a\":{\"_topics_router\":{\"idempotency_key\":\"router:o->m:o:3:7\"}}}",
                ExactlyOnceKey.prefix("o->m", "o", 3)));
        assertEquals(-1, seq("{\"_topics_router\":\"router:o->m:o:3:7\"}", ExactlyOnceKey.prefix("o->m", "o", 3)));
        assertEquals(-1, seq("{}", ExactlyOnceKey.prefix("o->m", "o", 3)));
        assertEquals(-1, seq("{\"_topics_router\":{\"idempotency_key\":\"router:o->m:o:3:x\"}}",
                ExactlyOnceKey.prefix("o->m", "o", 3)));
    }
}
