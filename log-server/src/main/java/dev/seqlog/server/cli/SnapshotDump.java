package dev.seqlog.server.cli;

import dev.seqlog.core.internal.checkpoint.CheckpointImage;
import dev.seqlog.core.internal.checkpoint.TopicImage;
import dev.seqlog.core.internal.format.FileHeader;
import dev.seqlog.core.internal.format.SnapshotBody;
import dev.seqlog.core.internal.format.SnapshotSections;
import dev.seqlog.core.internal.segment.SegmentImage;
import dev.seqlog.core.internal.storage.SnapshotFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;

/**
 * Prints a snapshot file: its header, one line per section (offsets within the file), then what the body
 * holds as the engine decodes it: the WAL cut and each topic with its segments. Confined to the calling
 * thread.
 */
final class SnapshotDump {
    private final PrintStream out;
    private final FileDump files;

    SnapshotDump(PrintStream out, FileDump files) {
        this.out = out;
        this.files = files;
    }

    void dump(ByteBuffer b, Object file) {
        int h = Math.min(b.limit(), SnapshotFile.HEADER);
        ByteBuffer body = b.duplicate().position(h).slice();
        String fields = h < SnapshotFile.HEADER ? "" : "number=" + b.getLong(SnapshotFile.NUMBER) + " bodyLength="
                + b.getInt(SnapshotFile.BODY_LENGTH);
        if (!files.header(SnapshotFile.FORMAT, b.duplicate().limit(h), body, file, fields)) {
            return;
        }
        int version = b.getShort(FileHeader.VERSION);
        if (version == SnapshotBody.SECTIONED) {
            sections(body);
        }
        try {
            CheckpointImage image = CheckpointImage.decode(version, body.duplicate());
            out.println("engine: maxTopicId=" + image.maxTopicId() + " cut=" + image.cut());
            for (TopicImage t : image.topics()) {
                out.println("topic id=" + t.id() + " name=" + t.name() + " lsn=" + t.lsn() + " head=" + t.head()
                        + " earliest=" + t.earliest() + " count=" + t.count() + " bytes=" + t.bytes() + " losses="
                        + t.losses().size() + " segments=" + t.segments().size());
                for (SegmentImage s : t.segments()) {
                    out.println("  segment baseSeq=" + s.baseSeq() + " entries=" + s.count() + " bytes=" + s.bytes()
                            + " sealed=" + s.meta.sealed() + " tier=" + (s.cold() ? "cold" : "hot"));
                }
            }
        } catch (IOException | RuntimeException e) {
            out.println("body: undecodable: " + e.getMessage());
        }
    }

    /** One line per section header, walking the framing only; the contents are decoded above. */
    private void sections(ByteBuffer body) {
        int at = 0;
        while (at + SnapshotSections.HEADER <= body.limit()) {
            int id = body.getShort(at + SnapshotSections.ID);
            int length = body.getInt(at + SnapshotSections.LENGTH);
            out.println("section offset=" + (SnapshotFile.HEADER + at) + " id=" + id + " (" + name(id) + ") version="
                    + body.getShort(at + SnapshotSections.VERSION) + " flags="
                    + body.getShort(at + SnapshotSections.FLAGS) + " length=" + length);
            if (id == SnapshotSections.END || length < 0) {
                return;
            }
            at += SnapshotSections.HEADER + length;
        }
    }

    private static String name(int id) {
        return switch (id) {
            case SnapshotSections.END -> "end";
            case SnapshotBody.ENGINE -> "engine";
            case SnapshotBody.TOPIC -> "topic";
            case SnapshotBody.QUEUE -> "queue";
            case SnapshotBody.ROUTERS -> "routers";
            default -> "unknown";
        };
    }
}
