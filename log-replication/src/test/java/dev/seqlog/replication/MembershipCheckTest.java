package dev.seqlog.replication;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a membership change may be asked for: each refusal with its reason, and the changes that pass. */
class MembershipCheckTest {
    private static final List<Peer> THREE = peers("n1=h1:7400", "n2=h2:7400", "n3=h3:7400");

    @Test
    void replacingOneOfThreeKeepsAMajorityAndPasses() {
        assertTrue(MembershipCheck.check(THREE, peers("n1=h1:7400", "n2=h2:7400", "n4=h4:7400")));
        // a new node may take a dead one's address, under its own id
        assertTrue(MembershipCheck.check(THREE, peers("n1=h1:7400", "n2=h2:7400", "n4=h3:7400")));
        // growing and shrinking by one keep a majority too
        assertTrue(MembershipCheck.check(THREE, peers("n1=h1:7400", "n2=h2:7400", "n3=h3:7400", "n4=h4:7400")));
        assertTrue(MembershipCheck.check(THREE, peers("n1=h1:7400", "n2=h2:7400")));
        MembershipCheck.checkReachable(THREE, peers("n1=h1:7400", "n2=h2:7400", "n4=h4:7400"), Set.of("n1", "n2"));
    }

    @Test
    void theCurrentConfigurationIsNoChange() {
        assertFalse(MembershipCheck.check(THREE, peers("n3=h3:7400", "n1=h1:7400", "n2=h2:7400")));
    }

    @Test
    void obviouslyWrongListsAreRefusedWithTheirReason() {
        assertRefused("no_peers", () -> MembershipCheck.check(THREE, List.of()));
        assertRefused("duplicate_peer", () -> MembershipCheck.check(THREE, peers("n1=h1:7400", "n1=h9:7400")));
        assertRefused("duplicate_peer", () -> MembershipCheck.check(THREE, peers("n1=h1:7400", "n4=h1:7400")));
        assertRefused("peer_moved", () -> MembershipCheck.check(THREE,
                peers("n1=h1:7400", "n2=h9:7400", "n4=h4:7400")));
        SeqlogException e = assertRefused("majority_not_kept", () -> MembershipCheck.check(THREE,
                peers("n1=h1:7400", "n4=h4:7400", "n5=h5:7400")));
        assertTrue(e.getMessage().contains("keeps 1 of the 3 current voters"), e.getMessage());
        assertRefused("majority_not_kept", () -> MembershipCheck.check(THREE, peers("n4=h4:7400")));
    }

    @Test
    void keptVotersMustIncludeAReachableMajority() {
        List<Peer> keepsDeadOne = peers("n1=h1:7400", "n3=h3:7400", "n4=h4:7400");
        assertTrue(MembershipCheck.check(THREE, keepsDeadOne));
        SeqlogException e = assertRefused("majority_unreachable",
                () -> MembershipCheck.checkReachable(THREE, keepsDeadOne, Set.of("n1", "n2")));
        assertEquals(List.of("n1"), e.detail().get("reachable"));
    }

    private static SeqlogException assertRefused(String reason, org.junit.jupiter.api.function.Executable call) {
        SeqlogException e = assertThrows(SeqlogException.class, call);
        assertEquals(ErrorCode.INVALID_REQUEST, e.code(), e.getMessage());
        assertEquals(reason, e.detail().get("reason"), e.getMessage());
        return e;
    }

    private static List<Peer> peers(String... specs) {
        return Arrays.stream(specs).map(Peer::parse).toList();
    }
}
