package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.CanonicalJson;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Limits;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses an NDJSON ingest body (API §16.1): one JSON value per non-blank line, each stored in the
 * canonical form of {@link CanonicalJson} as the {@code data} of one record, optionally tagged from a
 * top-level string field. Limits are checked by {@link Limits} line by line; any bad line fails the
 * whole request with {@code detail.line}. UTF-8 (API §1.6) is checked by {@link CanonicalJson} as it reads
 * each line: every byte of a line is either JSON punctuation or inside a string, where it must be
 * well-formed UTF-8, so no separate pass is needed; a UTF-8 byte-order mark at the start of the body is
 * skipped (API §16.1). Thread-safe: holds only immutable limits.
 */
public final class NdjsonReader {
    private final Limits limits;

    /**
     * Creates a reader.
     *
     * @param limits the server's limits
     */
    public NdjsonReader(Limits limits) {
        this.limits = limits;
    }

    /** Options of an NDJSON write taken from the query string. */
    public record Options(String node, String tagField, String idempotencyKey, boolean create) {
    }

    /**
     * Parses the body into one append request.
     *
     * @param body the bytes
     * @param len the body length
     * @param o query options
     * @return the request
     */
    public AppendRequest read(byte[] body, int len, Options o) {
        // records point into this buffer as they are read; canonical payloads are never longer than their
        // text, so sized to the body it is never reallocated (and a reallocation would leave the old array,
        // and the records over it, untouched)
        // lines already canonical are referenced in the body; only the others are rewritten (see BodyReader)
        CanonicalJson canon = new CanonicalJson(Math.min(len, 4096));
        List<RecordInput> records = new ArrayList<>();
        int pos = StrictUtf8.bomLength(body, 0, len);
        int line = 0;
        while (pos < len) {
            line++;
            int nl = indexOf(body, pos, len);
            int end = nl < 0 ? len : nl;
            if (!blank(body, pos, end)) {
                if (records.size() >= limits.maxBatchRecords()) {
                    limits.checkBatchSize(records.size() + 1 + countNonBlank(body, nl < 0 ? len : nl + 1, len));
                }
                try {
                    records.add(readLine(body, pos, end, o.tagField(), canon));
                } catch (SeqlogException e) {
                    throw e.with("line", line);
                }
            }
            pos = nl < 0 ? len : nl + 1;
        }
        if (records.isEmpty()) {
            throw new SeqlogException(ErrorCode.INVALID_REQUEST, "the NDJSON body has no records");
        }
        return new AppendRequest(records, o.node(), o.idempotencyKey(), o.create(), null);
    }

    private RecordInput readLine(byte[] body, int start, int end, String tagField, CanonicalJson canon) {
        int off = canon.size();
        canon.appendDocument(body, start, end - start, "data");
        int n = canon.size() - off;
        byte[] array = canon.buffer();
        if (canon.lastValueUnchanged()) {
            canon.truncate(off); // the line's value is already canonical: point at the body
            array = body;
            off = canon.lastValueStart();
        }
        RecordInput r = RecordInput.trusted(array, off, n);
        limits.checkRecord(r);
        if (tagField != null && canon.topLevelKeys() > 0) {
            String tag = tagOf(array, off, n, tagField);
            if (tag != null) {
                limits.checkTag(tag, tagField);
                r = r.withTag(tag);
            }
        }
        return r;
    }

    /** The string value of a top-level field of a canonical JSON object, or null if absent. */
    private static String tagOf(byte[] buf, int off, int len, String tagField) {
        try (JsonParser p = Json.parser(buf, off, len)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean match = tagField.equals(p.currentName());
                JsonToken t = p.nextToken();
                if (match) {
                    if (t != JsonToken.VALUE_STRING) {
                        throw SeqlogException.invalid(tagField, "tag_field value must be a string");
                    }
                    return p.getText();
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the bytes were validated: not reachable
        }
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static int countNonBlank(byte[] b, int pos, int len) {
        int n = 0;
        while (pos < len) {
            int nl = indexOf(b, pos, len);
            int end = nl < 0 ? len : nl;
            if (!blank(b, pos, end)) {
                n++;
            }
            pos = nl < 0 ? len : nl + 1;
        }
        return n;
    }
}
