package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.server.console.ConsoleAssets;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.nio.ByteBuffer;

/**
 * The web console's routes (API §16.5): {@code /} and {@code /console} redirect to {@code /console/}, which serves
 * the page, and {@code /console/:file} serves one of the console's files. Every answer carries the console's
 * Content-Security-Policy and {@code nosniff}; files are revalidated on each load ({@code no-cache} with a strong
 * ETag, so an unchanged file costs a 304). A name that is not one of the files is {@code 404 not_found}.
 * Stateless.
 */
final class ConsoleHandlers {
    private static final HttpString CSP = new HttpString("Content-Security-Policy");
    private static final HttpString NOSNIFF = new HttpString("X-Content-Type-Options");
    private static final HttpString REFERRER = new HttpString("Referrer-Policy");
    private static final HttpString FRAME_OPTIONS = new HttpString("X-Frame-Options");

    private ConsoleHandlers() {
    }

    /** {@code GET /} and {@code GET /console}: a relative redirect, so a path prefix added by a proxy is kept. */
    static void redirect(Exchange x) {
        secure(x);
        x.ex.setStatusCode(302);
        x.ex.getResponseHeaders().put(Headers.LOCATION, "console/");
        x.ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        x.ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
        x.ex.endExchange();
    }

    /** {@code GET /console/}: the page. */
    static void page(Exchange x) {
        send(x, "index.html");
    }

    /** {@code GET /console/:file}: one file, by its exact name. */
    static void file(Exchange x) {
        send(x, x.param(0));
    }

    private static void send(Exchange x, String name) {
        ConsoleAssets.Asset a = x.api.console.find(name);
        if (a == null) {
            throw new SeqlogException(ErrorCode.NOT_FOUND, "the console has no file of that name");
        }
        boolean gzip = x.acceptsGzip();
        String etag = gzip ? a.gzipEtag() : a.etag();
        secure(x);
        x.ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        x.ex.getResponseHeaders().put(Headers.VARY, "Accept-Encoding");
        x.ex.getResponseHeaders().put(Headers.ETAG, etag);
        if (matches(x.ex.getRequestHeaders().get(Headers.IF_NONE_MATCH), etag)) {
            x.ex.setStatusCode(304);
            x.ex.endExchange();
            return;
        }
        x.ex.setStatusCode(200);
        x.ex.getResponseHeaders().put(Headers.CONTENT_TYPE, a.contentType());
        if (gzip) {
            x.ex.getResponseHeaders().put(Headers.CONTENT_ENCODING, "gzip");
        }
        ByteBuffer body = a.body(gzip);
        x.ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.remaining());
        x.ex.getResponseSender().send(body);
    }

    /** The headers every console answer carries, redirects included. */
    private static void secure(Exchange x) {
        x.ex.getResponseHeaders().put(CSP, ConsoleAssets.CONTENT_SECURITY_POLICY);
        x.ex.getResponseHeaders().put(NOSNIFF, "nosniff");
        x.ex.getResponseHeaders().put(REFERRER, "no-referrer");
        x.ex.getResponseHeaders().put(FRAME_OPTIONS, "DENY");
    }

    /** Whether an If-None-Match header names this tag (or is {@code *}); weak comparison, as RFC 9110 asks. */
    private static boolean matches(HeaderValues ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String v : ifNoneMatch) {
            for (String tag : v.split(",")) {
                String t = tag.trim();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                if (t.equals("*") || t.equals(etag)) {
                    return true;
                }
            }
        }
        return false;
    }
}
