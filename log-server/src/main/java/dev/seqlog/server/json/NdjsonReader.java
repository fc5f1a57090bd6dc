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
 * compact {@code data} of one record, optionally tagged from a top-level string field. Any bad line
 * fails the whole request with {@code detail.line}. Thread-safe: holds only immutable limits.
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
        List<int[]> ranges = new ArrayList<>();
        List<String> tags = new ArrayList<>();
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
                if (ranges.size() >= limits.maxBatchRecords()) {
                    throw new SeqlogException(ErrorCode.BATCH_TOO_LARGE,
                            "an NDJSON write may carry at most " + limits.maxBatchRecords() + " records")
                            .with("limit", "max_batch_records").with("max", limits.maxBatchRecords())
                            .with("count", ranges.size() + 1 + countNonBlank(body, nl < 0 ? len : nl + 1, len));
                }
                try {
                    readLine(body, pos, end, o.tagField(), copier, ranges, tags);
                } catch (SeqlogException e) {
                    throw e.with("line", line);
                }
            }
            pos = nl < 0 ? len : nl + 1;
        }
        if (ranges.isEmpty()) {
            throw new SeqlogException(ErrorCode.INVALID_REQUEST, "the NDJSON body has no records");
        }
        byte[] arr = sink.array();
        List<RecordInput> inputs = new ArrayList<>(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            int[] r = ranges.get(i);
            inputs.add(RecordInput.trusted(arr, r[0], r[1]).withTag(tags.get(i)));
        }
        return new AppendRequest(inputs, o.node(), o.idempotencyKey(), o.create(), null);
    }

    private void readLine(byte[] body, int start, int end, String tagField, PayloadCopier copier,
                          List<int[]> ranges, List<String> tags) {
        try (JsonParser p = Json.parser(body, start, end - start)) {
            if (p.nextToken() == null) {
                throw new SeqlogException(ErrorCode.INVALID_REQUEST, "line is not valid JSON");
            }
            int off = copier.copy(p, tagField);
            int n = copier.sink().size() - off;
            if (p.nextToken() != null) {
                throw new SeqlogException(ErrorCode.INVALID_REQUEST, "a line must hold exactly one JSON value");
            }
            if (n > limits.maxRecordBytes()) {
                throw BodyReader.tooLarge("record is larger than " + limits.maxRecordBytes() + " bytes",
                        "max_record_bytes", limits.maxRecordBytes(), n);
            }
            String tag = null;
            if (tagField != null) {
                if (copier.watchedNotString) {
                    throw SeqlogException.invalid(tagField, "tag_field value must be a string");
                }
                tag = copier.watchedValue;
                if (tag != null) {
                    Fields.checkLength(tag, tagField, limits.maxTagBytes(), "tag");
                }
            }
            ranges.add(new int[] {off, n});
            tags.add(tag);
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
