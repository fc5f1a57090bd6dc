package dev.seqlog.server.http;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Limits;
import dev.seqlog.api.Names;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.server.auth.Scope;
import dev.seqlog.server.json.NdjsonReader;
import dev.seqlog.server.json.ParsedWrite;
import dev.seqlog.server.json.Render;

/** Handlers of the record write and record delete routes (API §3, §6, §16.1). Stateless. */
final class RecordHandlers {
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private RecordHandlers() {
    }

    /** {@code POST /v0/topics/:topic}, JSON or NDJSON by content type. */
    static void append(Exchange x) throws Exception {
        Body b = x.body(true);
        String topic = Names.requireTopic(x.param(0));
        boolean returnSeqs;
        AppendRequest request;
        if (b.ndjson()) {
            returnSeqs = x.query().bool("return_seqs", false);
            request = x.api.ndjson.read(b.bytes(), b.length(), ndjsonOptions(x));
        } else {
            returnSeqs = x.query().bool("return_seqs", true);
            ParsedWrite w = x.api.bodies.write(b.bytes(), b.length(), topic, x.header(IDEMPOTENCY_KEY));
            request = authorizeInlineConfig(x, topic, w).request();
        }
        x.await(x.api.engine.appendAsync(topic, request), (AppendResult r) -> {
            x.walNanos = r.walAppendNanos();
            x.fsyncNanos = r.fsyncNanos();
            x.json(r.created() ? 201 : 200, g -> Render.appendResult(g, r, returnSeqs));
        });
    }

    /**
     * Body-dependent authorization (API §1.2 step 9): the inline config's dead_letter must pass the
     * allowlist, and an inline config that would create the topic needs admin. A caller without admin
     * writing to an existing topic has its config dropped, which is what the engine would do anyway.
     */
    private static ParsedWrite authorizeInlineConfig(Exchange x, String topic, ParsedWrite w) {
        if (!w.hasConfig()) {
            return w;
        }
        if (w.deadLetter() != null) {
            Guard.name(x.key, w.deadLetter());
        }
        AppendRequest r = w.request();
        boolean mayCreate = Boolean.TRUE.equals(r.create()) || (r.create() == null && r.config().autoCreate());
        if (x.key.has(Scope.ADMIN) || !mayCreate) {
            return w;
        }
        try {
            x.api.engine.state(topic, false);
        } catch (SeqlogException e) {
            if (e.code() == ErrorCode.TOPIC_NOT_FOUND) {
                Guard.scope(x.key, Scope.ADMIN);
            }
            throw e;
        }
        return w.withoutConfig();
    }

    private static NdjsonReader.Options ndjsonOptions(Exchange x) {
        QueryParams q = x.query();
        String node = q.string("node");
        if (node != null) {
            x.api.config.limits().checkNode(node);
        }
        String tagField = q.string("tag_field");
        if (tagField != null && tagField.isEmpty()) {
            throw SeqlogException.invalid("tag_field", "tag_field must not be empty");
        }
        String key = q.string("idempotency_key");
        if (key == null) {
            key = x.header(IDEMPOTENCY_KEY);
        }
        if (key != null) {
            Limits.checkIdempotencyKey(key);
        }
        q.bool("disable_backpressure", false);
        return new NdjsonReader.Options(node, tagField, key, q.bool("create", true));
    }

    /** {@code POST /v0/topics/:topic/delete}. */
    static void delete(Exchange x) throws Exception {
        Body b = x.body(false);
        String topic = Names.requireTopic(x.param(0));
        DeleteRequest request = x.api.bodies.delete(b.bytes(), b.length());
        DeleteResult r = x.api.engine.delete(topic, request);
        x.walNanos = r.walAppendNanos();
        x.fsyncNanos = r.fsyncNanos();
        x.json(200, g -> Render.deleteResult(g, r));
    }
}
