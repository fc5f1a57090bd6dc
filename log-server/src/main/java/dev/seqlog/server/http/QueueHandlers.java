package dev.seqlog.server.http;

import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.LeaseResult;
import dev.seqlog.api.Names;
import dev.seqlog.server.json.BodyReader;
import dev.seqlog.server.json.JobWriter;
import dev.seqlog.server.json.Render;

import java.io.IOException;

/**
 * Handlers of the queue routes (API §10.3–§10.7): claim, ack, nack and extend. Each parses its body, makes one
 * asynchronous engine call and renders the outcome; a call that waits for a flush holds no thread meanwhile.
 * The engine answers topic_not_found and not_a_queue. Stateless.
 */
final class QueueHandlers {
    private QueueHandlers() {
    }

    /** {@code POST /v0/topics/:q/claim}. */
    static void claim(Exchange x) throws Exception {
        Body b = x.body(false);
        String topic = Names.requireTopic(x.param(0));
        ClaimRequest request = x.api.bodies.claim(b.bytes(), b.length(), x.api.config.maxClaim());
        x.await(x.api.engine.claimAsync(topic, request), (ClaimResult r) -> {
            Exchange.Out o = new Exchange.Out();
            o.gen.writeStringField("topic", r.topic());
            o.gen.writeArrayFieldStart("claimed");
            JobWriter.claimed(o.gen, o.sink, r.claimed());
            o.gen.writeEndArray();
            o.gen.writeNumberField("count", r.count());
            o.gen.writeNumberField("ready", r.ready());
            x.finish(200, o);
        });
    }

    /** {@code POST /v0/topics/:q/ack}. */
    static void ack(Exchange x) throws Exception {
        BodyReader.LeaseBody l = lease(x, null, false);
        x.await(x.api.engine.ackAsync(topic(x), l.request()), (LeaseResult r) -> answer(x, r, "acked"));
    }

    /** {@code POST /v0/topics/:q/nack}. */
    static void nack(Exchange x) throws Exception {
        BodyReader.LeaseBody l = lease(x, "delay_ms", false);
        x.await(x.api.engine.nackAsync(topic(x), l.request(), l.ms()), (LeaseResult r) -> answer(x, r, "nacked"));
    }

    /** {@code POST /v0/topics/:q/extend}. */
    static void extend(Exchange x) throws Exception {
        BodyReader.LeaseBody l = lease(x, "lease_ms", true);
        x.await(x.api.engine.extendAsync(topic(x), l.request(), l.ms()), (LeaseResult r) -> {
            flushTime(x, r);
            x.json(200, g -> Render.extendResult(g, r));
        });
    }

    /** The topic name is checked before the body, as on every other body route (API §1.2 step 8). */
    private static BodyReader.LeaseBody lease(Exchange x, String duration, boolean required) {
        Body b = x.body(false);
        topic(x);
        return x.api.bodies.lease(b.bytes(), b.length(), x.api.config.maxClaim(), duration, required);
    }

    private static String topic(Exchange x) {
        return Names.requireTopic(x.param(0));
    }

    private static void answer(Exchange x, LeaseResult r, String done) throws IOException {
        flushTime(x, r);
        x.json(200, g -> Render.leaseResult(g, r, done));
    }

    /** {@code fsync_ms} appears when the call waited for a flush (API §10.5). */
    private static void flushTime(Exchange x, LeaseResult r) {
        if (r.flushNanos() > 0) {
            x.fsyncNanos = r.flushNanos();
        }
    }
}
