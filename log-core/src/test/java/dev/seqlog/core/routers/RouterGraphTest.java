package dev.seqlog.core.routers;

import dev.seqlog.api.RouterGuarantee;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The cycle check: the cycle an edge would close, shortest first, from its source round to it again. */
class RouterGraphTest {
    private static RouterGraph graph(String... edges) {
        List<RouterState> routers = new ArrayList<>();
        long id = 1;
        for (String e : edges) {
            String[] st = e.split(">");
            routers.add(new RouterState(new RouterDef(id, e, st[0], 1, st[1], 2, true, true, null, false,
                    RouterGuarantee.AT_LEAST_ONCE, 0), 0, 0));
            id++;
        }
        return new RouterGraph(routers);
    }

    @Test
    void anEdgeBackAlongAPathClosesACycle() {
        assertEquals(List.of("B", "A", "B"), graph("A>B").cycleThrough("B", "A"));
        assertEquals(List.of("D", "A", "B", "C", "D"), graph("A>B", "B>C", "C>D").cycleThrough("D", "A"));
        // the shortest way back is reported
        assertEquals(List.of("C", "A", "C"), graph("A>B", "B>C", "A>C").cycleThrough("C", "A"));
    }

    @Test
    void edgesThatCloseNoCycleAreFine() {
        assertNull(graph("A>B", "B>C").cycleThrough("A", "C"));
        assertNull(graph("A>B", "C>B").cycleThrough("A", "D"));
        assertNull(graph().cycleThrough("A", "B"));
    }
}
