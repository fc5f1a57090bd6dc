package dev.seqlog.server.http;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DeleteResult;
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
            request = authorizeInlineConfig(x, w).request();
        }
        x.await(x.api.engine.appendAsync(topic, request, (t, config) -> Guard.scope(x.key, Scope.ADMIN)),
                (AppendResult r) -> {
            x.walNanos = r.walAppendNanos();
            x.fsyncNanos = r.fsyncNanos();
            x.json(r.created() ? 201 : 200, g -> Render.appendResult(g, r, returnSeqs));
        });
    }

    /**
     * Body-dependent authorization (API §1.2 step 9): the inline config's dead_letter must pass the
     * allowlist. Whether the inline config may create the topic (admin only) is asked by the engine while
     * it creates it, so no deletion or creation can slip between the check and the write.
     */
    private static ParsedWrite authorizeInlineConfig(Exchange x, ParsedWrite w) {
        if (w.hasConfig() && w.deadLetter() != null) {
            Guard.name(x.key, w.deadLetter());
        }
        return w;
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
        x.await(x.api.engine.deleteAsync(topic, request), (DeleteResult r) -> {
            x.walNanos = r.walAppendNanos();
            x.fsyncNanos = r.fsyncNanos();
            x.json(200, g -> Render.deleteResult(g, r));
        });
    }
}
