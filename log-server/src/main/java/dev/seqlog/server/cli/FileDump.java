package dev.seqlog.server.cli;

import dev.seqlog.core.internal.format.AppendBody;
import dev.seqlog.core.internal.format.FileHeader;
import dev.seqlog.core.internal.format.RecordFields;
import dev.seqlog.core.internal.format.WalBodies;
import dev.seqlog.core.internal.format.WalFileHeader;
import dev.seqlog.core.internal.segment.RecordLayout;
import dev.seqlog.core.internal.storage.SegmentFile;
import dev.seqlog.core.internal.storage.SegmentIndexFile;
import dev.seqlog.core.internal.storage.SnapshotFile;
import dev.seqlog.core.internal.storage.WalFrame;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Prints one seqlog file readably: its header, then one line per WAL frame (and per record of an APPEND or
 * FORWARD), segment entry or index point; snapshots go to {@link SnapshotDump}. The kind is told by the
 * header's magic. Offsets and checks come from log-core's codecs; nothing is written. Confined to the
 * calling thread.
 */
final class FileDump {
    private static final List<FileHeader> KINDS = List.of(WalFileHeader.FORMAT, SegmentFile.FORMAT,
            SegmentIndexFile.FORMAT, SnapshotFile.FORMAT);

    private final PrintStream out;
    private final int maxBytes;

    FileDump(PrintStream out, int maxBytes) {
        this.out = out;
        this.maxBytes = maxBytes;
    }

    /**
     * @param b the whole file, position 0 to limit
     * @param file names the file in messages
     * @throws CliFailure if it is not a seqlog file
     */
    void dump(ByteBuffer b, Object file) {
        FileHeader kind = kindOf(b);
        if (kind == null) {
            throw new CliFailure("not a seqlog file (unknown magic): file=" + file);
        }
        out.println("file: " + file + " kind=" + kind.kind() + " size=" + b.limit());
        if (kind == WalFileHeader.FORMAT) {
            wal(b, file);
        } else if (kind == SegmentFile.FORMAT) {
            segment(b, file);
        } else if (kind == SegmentIndexFile.FORMAT) {
            index(b, file);
        } else {
            new SnapshotDump(out, this).dump(b, file);
        }
    }

    private static FileHeader kindOf(ByteBuffer b) {
        if (b.limit() < FileHeader.VERSION) {
            return null;
        }
        for (FileHeader k : KINDS) {
            if (b.getInt(FileHeader.MAGIC) == k.magic()) {
                return k;
            }
        }
        return null;
    }

    /** Prints the header check's outcome; returns whether the header is intact and readable. */
    boolean header(FileHeader kind, ByteBuffer b, ByteBuffer covered, Object file, String fields) {
        try {
            int version = kind.verify(b, covered, file);
            out.println("header: version=" + version + (fields.isEmpty() ? "" : " " + fields) + " checksum=ok");
            return true;
        } catch (IOException e) {
            out.println("header: damaged: " + DataDirCheck.describe(e));
            return false;
        }
    }

    private void wal(ByteBuffer b, Object file) {
        WalFileHeader h = null;
        try {
            h = WalFileHeader.decode(b.duplicate().limit(Math.min(b.limit(), WalFileHeader.SIZE)), file);
        } catch (IOException e) {
            out.println("header: " + e.getMessage());
            return;
        }
        String fields = h == null ? "" : "shard=" + h.shard() + " generation=" + h.generation() + " boot=" + h.boot();
        if (!header(WalFileHeader.FORMAT, b.duplicate().limit(Math.min(b.limit(), WalFileHeader.SIZE)), null, file,
                fields) || h == null) {
            return;
        }
        int at = WalFileHeader.SIZE;
        while (true) {
            int len = WalFrame.validate(b, at, 0, h.generation());
            if (len < 0) {
                break;
            }
            ByteBuffer body = b.duplicate().position(at + WalFrame.HEADER).limit(at + WalFrame.HEADER + len).slice();
            out.println("frame offset=" + at + " length=" + len + " synced=" + b.getLong(at + WalFrame.SYNCED) + " "
                    + walBody(body));
            if (WalBodies.type(body) == WalBodies.APPEND || WalBodies.type(body) == WalBodies.FORWARD) {
                records(body, at + WalFrame.HEADER);
            }
            at += WalFrame.HEADER + len;
        }
        int end = b.limit();
        while (end > at && b.get(end - 1) == 0) {
            end--;
        }
        out.println("end: logical end offset=" + at + (end > at ? " bytes after it=" + (end - at)
                + " (a torn tail or a recycled file's old frames)" : ""));
    }

    private static String walBody(ByteBuffer body) {
        byte type = WalBodies.type(body);
        String head = "topic=" + WalBodies.topicId(body) + " lsn=" + WalBodies.lsn(body);
        try {
            return switch (type) {
                case WalBodies.CREATE -> "type=CREATE " + head + " name=" + WalBodies.createName(body);
                case WalBodies.CONFIG -> "type=CONFIG " + head;
                case WalBodies.DROP -> "type=DROP " + head;
                case WalBodies.APPEND -> "type=APPEND " + head + batch(body);
                case WalBodies.DELETE -> "type=DELETE " + head + " bound=" + WalBodies.deleteBound(body)
                        + " match=" + WalBodies.deleteMatch(body) + " value=" + WalBodies.deleteValue(body);
                case WalBodies.EXPIRE -> "type=EXPIRE " + head + " upTo=" + WalBodies.expireUpTo(body);
                case WalBodies.RESERVE -> "type=RESERVE " + head + " through=" + WalBodies.reservedThrough(body);
                case WalBodies.DELETE_SEQS -> "type=DELETE_SEQS " + head + " seqs="
                        + WalBodies.deletedSeqs(body).length;
                case WalBodies.LEASES -> "type=LEASES " + head;
                case WalBodies.FORWARD -> "type=FORWARD " + head + batch(body);
                case WalBodies.TRIM -> "type=TRIM " + head + " seq=" + WalBodies.trimSeq(body) + " missed="
                        + WalBodies.trimMissed(body);
                case WalBodies.ROUTER -> "type=ROUTER " + head;
                default -> "type=" + type + " (unknown) " + head;
            };
        } catch (IOException | RuntimeException e) {
            return "type=" + type + " " + head + " undecodable: " + e.getMessage();
        }
    }

    private static String batch(ByteBuffer body) {
        return " firstSeq=" + AppendBody.firstSeq(body) + " ts=" + AppendBody.ts(body) + " count="
                + AppendBody.count(body);
    }

    /** One line per record of an APPEND or FORWARD body that starts at file offset {@code base}. */
    private void records(ByteBuffer body, int base) {
        AppendBody.Reader r = new AppendBody.Reader().wrap(body);
        long seq = AppendBody.firstSeq(body);
        while (r.next()) {
            int node = r.fieldsOffset() + RecordFields.SIZE;
            int data = r.tagOffset() + r.tagLength();
            out.println("  record offset=" + (base + r.fieldsOffset()) + " seq=" + seq++ + " hops="
                    + body.get(r.fieldsOffset() + RecordFields.HOPS) + " node=" + text(body, node, r.nodeLength())
                    + " tag=" + text(body, r.tagOffset(), r.tagLength()) + " data=" + text(body, data, r.dataLength())
                    + " meta=" + (r.metaLength() == RecordFields.NO_META ? "-"
                    : text(body, data + r.dataLength(), r.metaLength())));
        }
    }

    private void segment(ByteBuffer b, Object file) {
        ByteBuffer h = b.duplicate().limit(Math.min(b.limit(), SegmentFile.HEADER));
        String fields = h.limit() < SegmentFile.HEADER ? "" : "topic=" + b.getLong(SegmentFile.TOPIC_ID)
                + " baseSeq=" + b.getLong(SegmentFile.BASE_SEQ);
        header(SegmentFile.FORMAT, h, null, file, fields);
        ByteBuffer e = b.duplicate().position(Math.min(b.limit(), SegmentFile.HEADER)).slice();
        int at = 0;
        int n = 0;
        while (at < e.limit()) {
            int len = e.limit() - at >= 4 ? RecordLayout.entryLength(e, at) : -1;
            if (len < RecordLayout.HEADER || len > e.limit() - at) {
                // unwritten space after the last entry is zero; anything else is damage
                boolean zeros = true;
                for (int i = at; i < e.limit() && zeros; i++) {
                    zeros = e.get(i) == 0;
                }
                out.println("end: offset=" + (SegmentFile.HEADER + at) + (zeros ? "" : " invalid entry length="
                        + len + " (damaged or partly written)"));
                break;
            }
            boolean crc = e.getInt(at + SegmentFile.ENTRY_CRC) == SegmentFile.checksum(e, at);
            int data = RecordLayout.dataOffset(e, at);
            out.println("entry offset=" + (SegmentFile.HEADER + at) + " length=" + len + " checksum="
                    + (crc ? "ok" : "MISMATCH") + " flags=" + (e.get(at + SegmentFile.ENTRY_FLAGS)
                    == SegmentFile.DELETED ? "deleted" : "live") + " seq=" + RecordLayout.seq(e, at) + " ts="
                    + RecordLayout.ts(e, at) + " hops=" + RecordLayout.hops(e, at) + " node="
                    + text(e, RecordLayout.nodeOffset(at), RecordLayout.nodeLength(e, at)) + " tag="
                    + text(e, RecordLayout.tagOffset(e, at), RecordLayout.tagLength(e, at)) + " data="
                    + text(e, data, RecordLayout.dataLength(e, at)) + " meta="
                    + (RecordLayout.metaLength(e, at) == RecordFields.NO_META ? "-"
                    : text(e, RecordLayout.metaOffset(e, at), RecordLayout.metaLength(e, at))));
            n++;
            at += len;
        }
        out.println("entries: " + n);
    }

    private void index(ByteBuffer b, Object file) {
        ByteBuffer h = b.duplicate().limit(Math.min(b.limit(), SegmentIndexFile.HEADER));
        ByteBuffer points = b.duplicate().position(h.limit());
        String fields = h.limit() < SegmentIndexFile.HEADER ? "" : "baseSeq=" + b.getLong(SegmentIndexFile.BASE_SEQ)
                + " entryBytes=" + b.getInt(SegmentIndexFile.ENTRY_BYTES) + " entries="
                + b.getInt(SegmentIndexFile.ENTRIES) + " points=" + b.getInt(SegmentIndexFile.POINTS);
        header(SegmentIndexFile.FORMAT, h, points, file, fields);
        for (int at = SegmentIndexFile.HEADER; at + SegmentIndexFile.POINT_SIZE <= b.limit();
                at += SegmentIndexFile.POINT_SIZE) {
            out.println("point offset=" + at + " entry=" + b.getInt(at + SegmentIndexFile.POINT_NUMBER)
                    + " entryOffset=" + b.getInt(at + SegmentIndexFile.POINT_OFFSET));
        }
    }

    /** Stored bytes as text on one line: payloads are JSON, node and tag are strings; cut at the limit. */
    String text(ByteBuffer b, int at, int length) {
        if (length < 0 || at < 0 || at + length > b.limit()) {
            return "(out of bounds)";
        }
        int n = Math.min(length, maxBytes);
        while (n > 0 && n < length && (b.get(at + n) & 0xC0) == 0x80) {
            n--; // never cut a UTF-8 sequence in two
        }
        byte[] a = new byte[n];
        b.duplicate().position(at).get(a);
        String s = new String(a, StandardCharsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n");
        return n < length ? s + "...(" + length + " bytes)" : s;
    }
}
