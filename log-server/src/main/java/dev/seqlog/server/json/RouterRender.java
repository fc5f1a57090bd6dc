package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.seqlog.api.RouterInfo;
import dev.seqlog.api.TagMatch;

import java.io.IOException;

/** Writes the fields of the router routes' response bodies (API §7.1–§7.3) into an open JSON object. Stateless. */
public final class RouterRender {
    private RouterRender() {
    }

    /**
     * Fields of a {@code PUT} response (API §7.1): the name, whether it was created, and the stored definition.
     *
     * @param g the generator, in the response object
     * @param r the router as it is now
     * @param created whether the call created it
     * @throws IOException from the generator
     */
    public static void put(JsonGenerator g, RouterInfo r, boolean created) throws IOException {
        g.writeStringField("router", r.router());
        g.writeBooleanField("created", created);
        definition(g, r);
    }

    /**
     * Fields of {@code GET /v0/routers/:router} (API §7.2): the definition and the router's progress.
     *
     * @param g the generator, in the response object
     * @param r the router
     * @throws IOException from the generator
     */
    public static void state(JsonGenerator g, RouterInfo r) throws IOException {
        g.writeStringField("router", r.router());
        definition(g, r);
        g.writeNumberField("forwarded_total", r.forwardedTotal());
        g.writeNumberField("cursor", r.cursor());
        g.writeNumberField("created_ts", r.createdTs());
    }

    /**
     * One entry of a router listing (API §7.3), as a whole object.
     *
     * @param g the generator, in the {@code routers} array
     * @param r the router
     * @throws IOException from the generator
     */
    public static void listEntry(JsonGenerator g, RouterInfo r) throws IOException {
        g.writeStartObject();
        g.writeStringField("router", r.router());
        g.writeStringField("source", r.source());
        g.writeStringField("dest", r.dest());
        g.writeStringField("guarantee", r.guarantee().wireName());
        g.writeNumberField("forwarded_total", r.forwardedTotal());
        g.writeEndObject();
    }

    /** The stored definition; {@code create_dest} is not stored, so it is never echoed. */
    private static void definition(JsonGenerator g, RouterInfo r) throws IOException {
        g.writeStringField("source", r.source());
        g.writeStringField("dest", r.dest());
        g.writeBooleanField("preserve_node", r.preserveNode());
        g.writeBooleanField("preserve_tag", r.preserveTag());
        g.writeFieldName("filter");
        filter(g, r.filter());
        g.writeBooleanField("allow_cycle", r.allowCycle());
        g.writeStringField("guarantee", r.guarantee().wireName());
    }

    /** A filter in its canonical array form (a bare string comes back as its Eq array), or null. */
    private static void filter(JsonGenerator g, TagMatch m) throws IOException {
        if (m == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        g.writeString("tag");
        g.writeString(m.prefix() ? "Glob" : "Eq");
        g.writeString(m.prefix() ? m.value() + "*" : m.value());
        g.writeEndArray();
    }
}
