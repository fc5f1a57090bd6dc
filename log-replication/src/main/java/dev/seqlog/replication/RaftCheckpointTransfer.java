package dev.seqlog.replication;

import dev.seqlog.core.backup.Restore;
import dev.seqlog.core.internal.storage.JdkFileSystem;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The transfer a node uses unless told otherwise: it reads the leader's checkpoint through read-only Raft queries
 * to that peer ({@link CheckpointQuery}), over the Raft port the nodes already share, one mebibyte at a time with
 * a CRC32C each, and writes it with the engine's {@link Restore} (which leaves a marker until every file is
 * complete and flushed).
 *
 * <p>Thread-safe; one fetch at a time per node (the state machine's installer thread).
 */
final class RaftCheckpointTransfer implements CheckpointTransfer {
    private final Supplier<RaftClient> client;

    RaftCheckpointTransfer(Supplier<RaftClient> client) {
        this.client = client;
    }

    @Override
    public void fetch(String from, Path into) throws IOException {
        RaftPeerId peer = RaftPeerId.valueOf(from);
        CheckpointQuery.Opened opened = CheckpointQuery.parseOpened(ask(peer, CheckpointQuery.open()));
        try {
            Map<String, Restore.Expected> manifest = new LinkedHashMap<>();
            try (Restore restore = Restore.begin(new JdkFileSystem(), into, into.resolve("cold"))) {
                for (int i = 0; i < opened.files().size(); i++) {
                    CheckpointQuery.FileRef f = opened.files().get(i);
                    ChunkStream in = new ChunkStream(peer, opened.id(), i, f.size());
                    restore.write(f.name(), in, f.size());
                    manifest.put(f.name(), new Restore.Expected(f.size(), in.sha256()));
                }
                restore.finish(manifest);
            }
        } finally {
            try {
                ask(peer, CheckpointQuery.close(opened.id()));
            } catch (IOException e) {
                // the leader releases an idle checkpoint by itself
            }
        }
    }

    private ByteBuffer ask(RaftPeerId peer, byte[] query) throws IOException {
        RaftClientReply reply = client.get().io().sendStaleRead(Message.valueOf(
                org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations.unsafeWrap(query)), 0, peer);
        if (!reply.isSuccess()) {
            throw new IOException("checkpoint query to " + peer + " failed: " + reply.getException());
        }
        return reply.getMessage().getContent().asReadOnlyByteBuffer();
    }

    /** One file of the checkpoint, read chunk by chunk as Restore consumes it, hashed on the way. */
    private final class ChunkStream extends InputStream {
        private final RaftPeerId peer;
        private final long id;
        private final int file;
        private final long size;
        private final MessageDigest sha;
        private long offset;
        private ByteBuffer chunk = ByteBuffer.allocate(0);

        ChunkStream(RaftPeerId peer, long id, int file, long size) {
            this.peer = peer;
            this.id = id;
            this.file = file;
            this.size = size;
            try {
                this.sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private boolean fill() throws IOException {
            if (chunk.hasRemaining()) {
                return true;
            }
            if (offset >= size) {
                return false;
            }
            int length = (int) Math.min(CheckpointQuery.CHUNK, size - offset);
            try {
                chunk = CheckpointQuery.parseChunk(ask(peer, CheckpointQuery.read(id, file, offset, length)));
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (chunk.remaining() != length) {
                throw new IOException("asked for " + length + " bytes at " + offset + ", got " + chunk.remaining());
            }
            sha.update(chunk.duplicate());
            offset += length;
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk.get() & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.remaining());
            chunk.get(b, off, n);
            return n;
        }

        String sha256() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
