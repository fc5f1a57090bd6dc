package dev.seqlog.core.model;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A JSON text as written and the compact form a reader must get back (hand-written, not computed).
 *
 * @param input the text passed to the writer
 * @param compact the expected stored form
 */
record Payload(String input, String compact) {

    /** Data values: numbers whose lexemes must survive, strings, literals and small containers. */
    static final List<Payload> DATA = List.of(
            new Payload("1", "1"),
            new Payload("-20", "-20"),
            new Payload("3.50", "3.50"),
            new Payload("1e3", "1e3"),
            new Payload("12345678901234567890", "12345678901234567890"),
            new Payload("\"a\"", "\"a\""),
            new Payload("\"hello world\"", "\"hello world\""),
            new Payload("\"\u00e9t\u00e9\"", "\"\u00e9t\u00e9\""),
            new Payload("null", "null"),
            new Payload("true", "true"),
            new Payload("[1, 2 ,3]", "[1,2,3]"),
            new Payload("{ \"k\" : \"v\" }", "{\"k\":\"v\"}"),
            new Payload("{\"b\":1,\"a\":[]}", "{\"b\":1,\"a\":[]}"));

    /** Meta objects. */
    static final List<Payload> META = List.of(
            new Payload("{\"m\":1}", "{\"m\":1}"),
            new Payload("{ \"trace\" : \"x9\" }", "{\"trace\":\"x9\"}"));

    /** @return the UTF-8 size of the compact form */
    long size() {
        return compact.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public String toString() {
        return compact;
    }
}
