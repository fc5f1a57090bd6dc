package dev.seqlog.server.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SEQLOG_API_KEYS parsing, bearer authentication and the per-key in-flight cap. */
class KeyRingTest {
    private static void assertScopes(ApiKey k, Scope... expected) {
        EnumSet<Scope> want = expected.length == 0 ? EnumSet.noneOf(Scope.class) : EnumSet.of(expected[0], expected);
        for (Scope s : Scope.values()) {
            assertEquals(want.contains(s), k.has(s), s.toString());
        }
    }

    @Test
    void unsetOrBlankMeansDevMode() {
        assertFalse(KeyRing.parse(null).enabled());
        assertFalse(KeyRing.parse("  ").enabled());
        assertFalse(KeyRing.parse(" , ,").enabled());
    }

    @Test
    void entryFormsGiveScopesAndPrefixes() {
        KeyRing ring = KeyRing.parse(" all , ro:read:tenant42:|shared. , ci:r+w , any::, pre::a|b , dash:d+a ,x:rw:");
        assertEquals(7, ring.keys().size());
        ApiKey all = ring.authenticate("Bearer all");
        assertScopes(all, Scope.READ, Scope.WRITE, Scope.DELETE, Scope.ADMIN);
        assertTrue(all.unrestricted());

        ApiKey ro = ring.authenticate("Bearer ro");
        assertScopes(ro, Scope.READ);
        assertTrue(ro.allows("tenant42:orders"));
        assertTrue(ro.allows("shared.x"));
        assertFalse(ro.allows("tenant4"));
        assertFalse(ro.allows("other"));

        assertScopes(ring.authenticate("Bearer ci"), Scope.READ, Scope.WRITE);
        assertTrue(ring.authenticate("Bearer any").unrestricted());
        ApiKey pre = ring.authenticate("Bearer pre");
        assertScopes(pre, Scope.READ, Scope.WRITE, Scope.DELETE, Scope.ADMIN);
        assertTrue(pre.allows("alpha"));
        assertTrue(pre.allows("beta"));
        assertFalse(pre.allows("gamma"));
        assertScopes(ring.authenticate("Bearer dash"), Scope.DELETE, Scope.ADMIN);
        assertScopes(ring.authenticate("Bearer x"), Scope.READ, Scope.WRITE);
    }

    @Test
    void prefixesFieldMayHoldColonsAndAnEmptyPrefixMatchesAll() {
        KeyRing ring = KeyRing.parse("k:read:a:b:|");
        ApiKey k = ring.authenticate("Bearer k");
        assertTrue(k.allows("anything"));
        KeyRing ring2 = KeyRing.parse("k:read:a:b:");
        assertTrue(ring2.authenticate("Bearer k").allows("a:b:c"));
        assertFalse(ring2.authenticate("Bearer k").allows("a:c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {":read", "a,:w", "k:reed", "k:READ", "k:read+", "k:r w", "k:x:p", "dup,dup", "a:r,a:w"})
    void badEntriesFailClosedWithoutNamingTheSecret(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyRing.parse(spec));
        assertFalse(e.getMessage().contains("dup"));
        assertTrue(e.getMessage().contains("entr"));
    }

    @Test
    void bearerParsing() {
        KeyRing ring = KeyRing.parse("s3cret");
        assertSame(ring.keys().get(0), ring.authenticate("Bearer s3cret"));
        assertSame(ring.keys().get(0), ring.authenticate("bEaReR s3cret"));
        assertNull(ring.authenticate("Bearer  s3cret"));
        assertNull(ring.authenticate("Bearer s3cret "));
        assertNull(ring.authenticate("Basic s3cret"));
        assertNull(ring.authenticate("Bearer "));
        assertNull(ring.authenticate("Bearer"));
        assertNull(ring.authenticate(null));
        assertNull(ring.authenticate("Bearer other"));
    }

    @Test
    void inflightLimiterCapsPerKeyAndReleases() {
        KeyRing ring = KeyRing.parse("a,b");
        ApiKey a = ring.keys().get(0);
        ApiKey b = ring.keys().get(1);
        InflightLimiter l = new InflightLimiter(ring, 2);
        assertTrue(l.tryAcquire(a));
        assertTrue(l.tryAcquire(a));
        assertFalse(l.tryAcquire(a));
        assertTrue(l.tryAcquire(b));
        l.release(a);
        assertEquals(1, l.inFlight(a));
        assertTrue(l.tryAcquire(a));
        assertTrue(new InflightLimiter(ring, 0).tryAcquire(a));
        assertTrue(l.tryAcquire(ApiKey.DEV_MODE));
    }
}
