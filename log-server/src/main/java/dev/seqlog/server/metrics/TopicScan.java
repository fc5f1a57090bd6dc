package dev.seqlog.server.metrics;

import dev.seqlog.api.EventLog;
import dev.seqlog.api.ListRequest;
import dev.seqlog.api.TopicPage;
import dev.seqlog.api.TopicState;

import java.util.function.Consumer;

/** Walks every topic of an engine in name order, one list page at a time. Stateless. */
public final class TopicScan {
    private TopicScan() {
    }

    /**
     * Visits every topic.
     *
     * @param engine the engine, or null to visit nothing
     * @param visitor receives each topic's state
     */
    public static void forEach(EventLog engine, Consumer<TopicState> visitor) {
        if (engine == null) {
            return;
        }
        String cursor = null;
        do {
            TopicPage page = engine.list(ListRequest.all().withPageSize(ListRequest.MAX_PAGE_SIZE).after(cursor));
            page.topics().forEach(visitor);
            cursor = page.nextCursor();
        } while (cursor != null);
    }

    /**
     * Counts topics.
     *
     * @param engine the engine
     * @return the number of topics
     */
    public static long count(EventLog engine) {
        long[] n = {0};
        forEach(engine, s -> n[0]++);
        return n[0];
    }
}
