package dev.seqlog.server.backup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.core.backup.Restore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code SEQLOG-BACKUP.json}, the last member of a backup archive:
 *
 * <pre>
 * { "format": "seqlog-backup", "format_version": 1, "server_version": "0.1.0", "storage_format_version": 1,
 *   "checkpoint_ts": 1748470000123, "topics": 42,
 *   "files": [ { "path": "data/…", "size": 1048576, "sha256": "…" } ] }
 * </pre>
 *
 * {@code storage_format_version} 1 names the data-directory layout the files belong to (WAL, segment and
 * snapshot files as docs/STORAGE.md describes them; each file also carries its own format version, which the
 * server checks when it starts). Immutable.
 *
 * @param serverVersion the version of the server that wrote the archive
 * @param checkpointTs the checkpoint instant, epoch milliseconds
 * @param topics the topic instances the checkpoint holds
 * @param files per archive path ({@code data/…}), its size and SHA-256, in archive order
 */
public record BackupManifest(String serverVersion, long checkpointTs, int topics, Map<String, Restore.Expected> files) {
    /** The archive member that holds the manifest. */
    public static final String NAME = "SEQLOG-BACKUP.json";
    /** The prefix of every data member. */
    public static final String DATA = "data/";
    static final String FORMAT = "seqlog-backup";
    static final int FORMAT_VERSION = 1;
    static final int STORAGE_FORMAT_VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();
    /** A manifest larger than this is not one this server wrote (about 100 bytes per file). */
    static final int MAX_BYTES = 64 << 20;

    /** @return the manifest as JSON */
    byte[] encode() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("format_version", FORMAT_VERSION);
            g.writeStringField("server_version", serverVersion);
            g.writeNumberField("storage_format_version", STORAGE_FORMAT_VERSION);
            g.writeNumberField("checkpoint_ts", checkpointTs);
            g.writeNumberField("topics", topics);
            g.writeArrayFieldStart("files");
            for (Map.Entry<String, Restore.Expected> f : files.entrySet()) {
                g.writeStartObject();
                g.writeStringField("path", f.getKey());
                g.writeNumberField("size", f.getValue().size());
                g.writeStringField("sha256", f.getValue().sha256());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Reads a manifest and checks that this server can restore it.
     *
     * @param json the member's bytes
     * @return the manifest
     * @throws IOException if it is not valid JSON of this shape, or of a format version this server does not read
     */
    static BackupManifest decode(byte[] json) throws IOException {
        String format = null;
        long formatVersion = -1;
        long storageVersion = -1;
        String server = null;
        long ts = -1;
        long topics = -1;
        Map<String, Restore.Expected> files = null;
        try (JsonParser p = JSON.createParser(json)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "the manifest is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "format" -> format = p.getValueAsString();
                    case "format_version" -> formatVersion = number(p, v, field);
                    case "storage_format_version" -> storageVersion = number(p, v, field);
                    case "server_version" -> server = p.getValueAsString();
                    case "checkpoint_ts" -> ts = number(p, v, field);
                    case "topics" -> topics = number(p, v, field);
                    case "files" -> files = files(p, v);
                    default -> p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new IOException("the manifest is not valid JSON (at byte " + e.getLocation().getByteOffset() + ")");
        }
        expect(FORMAT.equals(format), "the manifest's format is not \"" + FORMAT + "\"");
        expect(formatVersion == FORMAT_VERSION, "unsupported backup format_version " + formatVersion
                + " (this server reads " + FORMAT_VERSION + ")");
        expect(storageVersion == STORAGE_FORMAT_VERSION, "unsupported storage_format_version " + storageVersion
                + " (this server reads " + STORAGE_FORMAT_VERSION + ")");
        expect(files != null, "the manifest lists no files");
        expect(ts >= 0 && topics >= 0 && topics <= Integer.MAX_VALUE, "the manifest lacks checkpoint_ts or topics");
        return new BackupManifest(server, ts, (int) topics, files);
    }

    private static Map<String, Restore.Expected> files(JsonParser p, JsonToken v) throws IOException {
        expect(v == JsonToken.START_ARRAY, "the manifest's files is not an array");
        Map<String, Restore.Expected> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String path = null;
            long size = -1;
            String sha = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "path" -> path = p.getValueAsString();
                    case "size" -> size = number(p, t, "size");
                    case "sha256" -> sha = p.getValueAsString();
                    default -> p.skipChildren();
                }
            }
            expect(path != null && size >= 0 && sha != null && sha.matches("[0-9a-fA-F]{64}"),
                    "a manifest file entry lacks its path, size or SHA-256");
            expect(out.put(path, new Restore.Expected(size, sha)) == null, "the manifest lists " + path + " twice");
        }
        return out;
    }

    private static long number(JsonParser p, JsonToken t, String field) throws IOException {
        expect(t == JsonToken.VALUE_NUMBER_INT, "the manifest's " + field + " is not an integer");
        return p.getLongValue();
    }

    private static void expect(boolean ok, String message) throws IOException {
        if (!ok) {
            throw new IOException(message);
        }
    }
}
