package dev.seqlog.server.backup;

import dev.seqlog.core.backup.Backup;
import dev.seqlog.core.backup.BackupFile;
import dev.seqlog.core.backup.Restore;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a backup as a tar stream: each file as {@code data/<name>}, hashed while it streams, then the manifest,
 * then the end-of-archive blocks. A caller that hits an error part-way must not finish the stream (it aborts the
 * connection), so a partial archive never ends with a manifest. Stateless.
 */
public final class BackupArchive {
    private static final int MODE = 0644;

    private BackupArchive() {
    }

    /**
     * Streams the archive.
     *
     * @param backup the pinned checkpoint
     * @param out where the tar bytes go (flushed, not closed)
     * @param serverVersion recorded in the manifest
     * @return the manifest written
     * @throws IOException if a file cannot be read or {@code out} fails
     */
    public static BackupManifest write(Backup backup, OutputStream out, String serverVersion) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new NoClose(out));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        Map<String, Restore.Expected> files = new LinkedHashMap<>();
        for (BackupFile f : backup.files()) {
            String path = BackupManifest.DATA + f.name();
            tar.putArchiveEntry(entry(path, f.size(), backup.checkpointTs()));
            MessageDigest sha = sha256();
            backup.copy(f, new Hashing(tar, sha));
            tar.closeArchiveEntry();
            files.put(path, new Restore.Expected(f.size(), HexFormat.of().formatHex(sha.digest())));
        }
        BackupManifest manifest = new BackupManifest(serverVersion, backup.checkpointTs(), backup.topics(), files);
        byte[] json = manifest.encode();
        tar.putArchiveEntry(entry(BackupManifest.NAME, json.length, backup.checkpointTs()));
        tar.write(json);
        tar.closeArchiveEntry();
        tar.finish();
        tar.close(); // NoClose keeps the caller's stream open
        out.flush();
        return manifest;
    }

    private static TarArchiveEntry entry(String name, long size, long ts) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        e.setMode(MODE);
        e.setModTime(ts / 1000 * 1000); // whole seconds fit the ustar header: no pax header per member
        return e;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** Passes bytes on and hashes them. */
    private static final class Hashing extends FilterOutputStream {
        private final MessageDigest sha;

        Hashing(OutputStream out, MessageDigest sha) {
            super(out);
            this.sha = sha;
        }

        @Override
        public void write(int b) throws IOException {
            sha.update((byte) b);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            sha.update(b, off, len);
            out.write(b, off, len);
        }
    }

    /** Passes everything on except close: the tar stream's close must not end the HTTP response's stream. */
    private static final class NoClose extends FilterOutputStream {
        NoClose(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
