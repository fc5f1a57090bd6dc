package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Limits;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses an NDJSON ingest body (API §16.1): one JSON value per non-blank line, each stored as the
 * compact {@code data} of one record, optionally tagged from a top-level string field. Limits are
 * checked by {@link Limits} line by line; any bad line fails the whole request with {@code detail.line}.
 * Thread-safe: holds only immutable limits.
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
        ByteSink sink = new ByteSink(Math.max(64, len));
        PayloadCopier copier = new PayloadCopier(sink);
        List<RecordInput> records = new ArrayList<>();
        int pos = 0;
        if (len >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            pos = 3;
        }
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
                    records.add(readLine(body, pos, end, o.tagField(), copier));
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

    private RecordInput readLine(byte[] body, int start, int end, String tagField, PayloadCopier copier) {
        try (JsonParser p = Json.parser(body, start, end - start)) {
            if (p.nextToken() == null) {
                throw new SeqlogException(ErrorCode.INVALID_REQUEST, "line is not valid JSON");
            }
            int off = copier.copy(p, tagField);
            int n = copier.sink().size() - off;
            if (p.nextToken() != null) {
                throw new SeqlogException(ErrorCode.INVALID_REQUEST, "a line must hold exactly one JSON value");
            }
            RecordInput r = RecordInput.trusted(copier.sink().array(), off, n);
            limits.checkRecord(r);
            if (tagField != null) {
                if (copier.watchedNotString) {
                    throw SeqlogException.invalid(tagField, "tag_field value must be a string");
                }
                String tag = copier.watchedValue;
                if (tag != null) {
                    limits.checkTag(tag, tagField);
                    r = r.withTag(tag);
                }
            }
            return r;
        } catch (JsonProcessingException e) {
            throw new SeqlogException(ErrorCode.INVALID_REQUEST, "line is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
