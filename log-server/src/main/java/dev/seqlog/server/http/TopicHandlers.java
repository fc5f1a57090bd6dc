package dev.seqlog.server.http;

import dev.seqlog.api.ConfigureResult;
import dev.seqlog.api.DeleteIf;
import dev.seqlog.api.ListRequest;
import dev.seqlog.api.Names;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicDeletion;
import dev.seqlog.api.TopicPage;
import dev.seqlog.api.TopicState;
import dev.seqlog.api.Touch;
import dev.seqlog.server.json.Render;

import java.util.ArrayList;
import java.util.List;

/** Handlers of the topic lifecycle routes (API §2). Stateless. */
final class TopicHandlers {
    private TopicHandlers() {
    }

    /** {@code PUT /v0/topics/:topic}. */
    static void put(Exchange x) throws Exception {
        Body b = x.body(false);
        String topic = Names.requireTopic(x.param(0));
        TopicConfig config = x.api.bodies.topicConfig(b.bytes(), b.length(), topic);
        if (config.deadLetter() != null) {
            Guard.name(x.key, config.deadLetter());
        }
        x.await(x.api.engine.configureAsync(topic, config), (ConfigureResult r) -> x.json(r.created() ? 201 : 200, g -> {
            g.writeStringField("topic", r.topic());
            g.writeBooleanField("created", r.created());
            g.writeFieldName("config");
            Render.config(g, r.config());
        }));
    }

    /** {@code GET /v0/topics/:topic}. */
    static void get(Exchange x) throws Exception {
        Touch touch = x.query().bool("touch", true) ? Touch.READ : Touch.PEEK;
        TopicState s = x.api.engine.state(Names.requireTopic(x.param(0)), touch);
        x.json(200, g -> Render.topicState(g, s));
    }

    /** {@code DELETE /v0/topics/:topic}. */
    static void delete(Exchange x) throws Exception {
        DeleteIf condition = x.query().bool("if_empty", false) ? DeleteIf.EMPTY : DeleteIf.ALWAYS;
        x.await(x.api.engine.deleteTopicAsync(Names.requireTopic(x.param(0)), condition), (TopicDeletion d) ->
                x.json(200, g -> {
                    g.writeStringField("topic", d.topic());
                    g.writeBooleanField("deleted", d.deleted());
                    g.writeArrayFieldStart("routers_removed");
                    for (String r : d.routersRemoved()) {
                        g.writeString(r);
                    }
                    g.writeEndArray();
                }));
    }

    /**
     * {@code GET /v0/topics}. Entries outside the key's allowlist are dropped; engine pages are
     * requested no larger than what is still missing, so each is consumed whole and its cursor stays
     * a valid continuation point.
     */
    static void list(Exchange x) throws Exception {
        QueryParams q = x.query();
        String prefix = q.string("prefix");
        long size = q.u64("page_size", 0, true);
        int pageSize = ListRequest.all().withPageSize((int) Math.min(size, ListRequest.MAX_PAGE_SIZE)).pageSize();
        String cursor = q.string("cursor");
        Touch touch = q.bool("touch", false) ? Touch.READ : Touch.PEEK;
        List<TopicState> out = new ArrayList<>();
        String next = cursor;
        do {
            TopicPage page = x.api.engine.list(new ListRequest(prefix, pageSize - out.size(), next, touch));
            for (TopicState s : page.topics()) {
                if (x.key.allows(s.topic())) {
                    out.add(s);
                }
            }
            next = page.nextCursor();
        } while (next != null && out.size() < pageSize);
        String nextCursor = next;
        x.json(200, g -> {
            g.writeArrayFieldStart("topics");
            for (TopicState s : out) {
                Render.listEntry(g, s);
            }
            g.writeEndArray();
            if (nextCursor != null) {
                g.writeStringField("next_cursor", nextCursor);
            }
        });
    }
}
