package dev.seqlog.replication;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The read-only Raft queries a replica behind the leader's log sends to fetch a checkpoint of the leader
 * ({@link RaftCheckpointTransfer}, served by {@link PeerCheckpointService}). Every request starts with the magic,
 * so the state machine tells them from any other query.
 *
 * <pre>
 *  request                                      reply
 *  magic(4) OPEN(1)                             id(8) files n(4), n times: name length(2) name(UTF-8) size(8)
 *  magic(4) READ(1) id(8) file(4) offset(8)     bytes(rest) then CRC32C(4) of those bytes
 *           length(4)
 *  magic(4) CLOSE(1) id(8)                      empty
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
final class CheckpointQuery {
    static final int MAGIC = 0x53514350; // "SQCP"
    static final byte OPEN = 1;
    static final byte READ = 2;
    static final byte CLOSE = 3;
    /** Bytes asked for by one READ. */
    static final int CHUNK = 1 << 20;

    /** A file of the checkpoint as OPEN lists it. */
    record FileRef(String name, long size) {
    }

    /** What OPEN answers. */
    record Opened(long id, List<FileRef> files) {
    }

    private CheckpointQuery() {
    }

    static boolean isQuery(ByteBuffer b) {
        return b.remaining() >= 5 && b.getInt(b.position()) == MAGIC;
    }

    static byte[] open() {
        return ByteBuffer.allocate(5).putInt(MAGIC).put(OPEN).array();
    }

    static byte[] read(long id, int file, long offset, int length) {
        return ByteBuffer.allocate(29).putInt(MAGIC).put(READ).putLong(id).putInt(file).putLong(offset)
                .putInt(length).array();
    }

    static byte[] close(long id) {
        return ByteBuffer.allocate(13).putInt(MAGIC).put(CLOSE).putLong(id).array();
    }

    static byte[] opened(long id, List<FileRef> files) {
        List<byte[]> names = new ArrayList<>();
        int size = 12;
        for (FileRef f : files) {
            byte[] n = f.name().getBytes(StandardCharsets.UTF_8);
            names.add(n);
            size += 2 + n.length + 8;
        }
        ByteBuffer b = ByteBuffer.allocate(size).putLong(id).putInt(files.size());
        for (int i = 0; i < files.size(); i++) {
            b.putShort((short) names.get(i).length).put(names.get(i)).putLong(files.get(i).size());
        }
        return b.array();
    }

    static Opened parseOpened(ByteBuffer b) {
        long id = b.getLong();
        int n = b.getInt();
        List<FileRef> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] name = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(name);
            files.add(new FileRef(new String(name, StandardCharsets.UTF_8), b.getLong()));
        }
        return new Opened(id, files);
    }

    /** @return the chunk followed by its CRC32C */
    static byte[] chunk(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate());
        return ByteBuffer.allocate(bytes.remaining() + 4).put(bytes).putInt((int) crc.getValue()).array();
    }

    /**
     * @param reply a READ reply
     * @return its bytes, the checksum checked
     * @throws IllegalStateException if the checksum does not match
     */
    static ByteBuffer parseChunk(ByteBuffer reply) {
        int n = reply.remaining() - 4;
        if (n < 0) {
            throw new IllegalStateException("a checkpoint chunk shorter than its checksum");
        }
        ByteBuffer bytes = reply.slice(reply.position(), n);
        CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate());
        if ((int) crc.getValue() != reply.getInt(reply.position() + n)) {
            throw new IllegalStateException("a checkpoint chunk arrived damaged (CRC32C mismatch)");
        }
        return bytes;
    }
}
