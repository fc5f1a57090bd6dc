package dev.seqlog.server.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The console's files: a fixed list of names, each read once from the jar (resources of this class's package,
 * {@code dev/seqlog/server/console/}) with its content type, a gzip copy and an entity tag. A request names a file by one path
 * segment and is answered only if that exact name is on the list, so no request can reach any other resource
 * (no directory walk, no {@code ..}). Immutable and thread-safe.
 */
public final class ConsoleAssets {
    /**
     * Every file the console consists of: the page, its stylesheet and icon, and its JavaScript modules. A test
     * keeps this list and the resource directory equal.
     */
    public static final List<String> FILES = List.of(
            "index.html", "console.css", "favicon.svg",
            "main.js", "api.js", "dom.js", "json.js", "format.js", "nav.js", "poll.js", "paging.js", "tail.js",
            "sparkline.js",
            "view-topics.js", "view-topic.js", "view-queues.js", "view-routers.js", "view-server.js");

    /**
     * The policy every console response carries: scripts and styles only from the server's own files (no inline
     * script, no eval), API calls and the live stream only to the same origin, no frames, no plugins, no forms
     * posting anywhere.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml; charset=utf-8");

    /**
     * One file, ready to send.
     *
     * @param name the file name, as in the URL
     * @param contentType the Content-Type header value
     * @param identity the bytes as stored
     * @param gzip the same bytes gzip-compressed
     * @param etag the strong entity tag of the identity bytes, quoted; the gzip copy's tag ends in {@code -gz"}
     */
    public record Asset(String name, String contentType, ByteBuffer identity, ByteBuffer gzip, String etag) {
        /** Keeps read-only views, so no caller can change the bytes every request shares. */
        public Asset {
            identity = identity.asReadOnlyBuffer();
            gzip = gzip.asReadOnlyBuffer();
        }

        /** @return a fresh read-only view of the bytes as stored, positioned at the start */
        @Override
        public ByteBuffer identity() {
            return identity.duplicate();
        }

        /** @return a fresh read-only view of the gzip copy, positioned at the start */
        @Override
        public ByteBuffer gzip() {
            return gzip.duplicate();
        }

        /** @return the entity tag of the gzip copy */
        public String gzipEtag() {
            return etag.substring(0, etag.length() - 1) + "-gz\"";
        }

        /**
         * The bytes to send.
         *
         * @param gzipped whether the gzip copy is wanted
         * @return a fresh read-only view, positioned at the start
         */
        public ByteBuffer body(boolean gzipped) {
            return gzipped ? gzip() : identity();
        }
    }

    private final Map<String, Asset> byName;

    private ConsoleAssets(Map<String, Asset> byName) {
        this.byName = byName;
    }

    /**
     * Reads every file of {@link #FILES} from the class path.
     *
     * @return the files
     * @throws IllegalStateException if one is missing (a broken build: the server must not start half a console)
     */
    public static ConsoleAssets load() {
        Map<String, Asset> m = new LinkedHashMap<>();
        for (String name : FILES) {
            byte[] bytes = read(name);
            String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            String type = TYPES.get(ext);
            if (type == null) {
                throw new IllegalStateException("console file " + name + " has no known content type");
            }
            m.put(name, new Asset(name, type, ByteBuffer.wrap(bytes), ByteBuffer.wrap(gzip(bytes)),
                    "\"" + digest(bytes) + "\""));
        }
        return new ConsoleAssets(Map.copyOf(m));
    }

    /**
     * Finds a file by its exact name.
     *
     * @param name the decoded last path segment
     * @return the file, or null when no file has that name
     */
    public Asset find(String name) {
        return byName.get(name);
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("console file " + name + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read console file " + name, e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toByteArray();
    }

    /** The first 128 bits of the SHA-256 of the bytes, in hex: changes whenever a file does. */
    private static String digest(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
