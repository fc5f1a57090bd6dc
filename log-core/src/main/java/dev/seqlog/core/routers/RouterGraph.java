package dev.seqlog.core.routers;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The directed graph of topics whose edges are routers ({@code source → dest}), for the cycle check of
 * SEMANTICS §12.6. Built from the catalog under its lock for each check; a check is a breadth-first search, so
 * the cycle it reports is a shortest one.
 *
 * <p>Not thread-safe: built and used under the catalog's lock.
 */
final class RouterGraph {
    private final Map<String, List<String>> out = new HashMap<>();

    RouterGraph(Collection<RouterState> routers) {
        for (RouterState r : routers) {
            out.computeIfAbsent(r.def().source(), k -> new ArrayList<>()).add(r.def().dest());
        }
    }

    /**
     * The cycle an edge {@code source → dest} closes, or null: a path from {@code dest} back to {@code source}
     * through the existing edges, reported as topic names from {@code source} round to {@code source} again.
     *
     * @param source the edge's source
     * @param dest the edge's destination
     * @return e.g. {@code [A, B, A]}, or null
     */
    List<String> cycleThrough(String source, String dest) {
        Map<String, String> parent = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        parent.put(dest, null);
        queue.add(dest);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            if (at.equals(source)) {
                List<String> back = new ArrayList<>();
                for (String s = at; s != null; s = parent.get(s)) {
                    back.add(s);
                }
                // back runs source ← ... ← dest; the cycle reads source → dest → ... → source
                List<String> cycle = new ArrayList<>();
                cycle.add(source);
                for (int i = back.size() - 1; i >= 0; i--) {
                    cycle.add(back.get(i));
                }
                return cycle;
            }
            for (String next : out.getOrDefault(at, List.of())) {
                if (!parent.containsKey(next)) {
                    parent.put(next, at);
                    queue.add(next);
                }
            }
        }
        return null;
    }
}
