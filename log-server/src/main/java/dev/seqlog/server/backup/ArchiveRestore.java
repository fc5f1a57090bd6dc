package dev.seqlog.server.backup;

import dev.seqlog.core.backup.Restore;
import dev.seqlog.core.spi.FileSystem;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Restores a backup archive into a new data directory through {@link Restore}: data members are written as they
 * arrive, the manifest must come last, and only then are names, sizes and SHA-256 sums compared. Any failure
 * removes what was written. Stateless.
 */
public final class ArchiveRestore {
    private ArchiveRestore() {
    }

    /** What a successful restore wrote. */
    public record Result(BackupManifest manifest, long bytes, int coldFiles) {
    }

    /**
     * Reads the archive and restores it.
     *
     * @param fs the file system
     * @param in the tar stream (not closed)
     * @param dir the data directory to create; must be missing or empty
     * @param cold where cold-tier segments go; must be missing or empty
     * @return what was restored
     * @throws Restore.TargetNotEmptyException if a target holds anything (nothing was written)
     * @throws IOException if the archive is truncated, malformed, inconsistent with its manifest, of an unknown
     *         version, or a write fails (everything written was removed)
     */
    public static Result restore(FileSystem fs, InputStream in, Path dir, Path cold) throws IOException {
        try (Restore r = Restore.begin(fs, dir, cold)) {
            TarArchiveInputStream tar = new TarArchiveInputStream(in);
            BackupManifest manifest = null;
            long bytes = 0;
            int coldFiles = 0;
            TarArchiveEntry e;
            while ((e = nextEntry(tar)) != null) {
                if (manifest != null) {
                    throw new IOException("the archive has a member after its manifest: " + e.getName());
                }
                String name = e.getName();
                if (name.equals(BackupManifest.NAME)) {
                    if (e.getSize() > BackupManifest.MAX_BYTES) {
                        throw new IOException("the manifest is too large to be one: " + e.getSize() + " bytes");
                    }
                    manifest = BackupManifest.decode(new Checked(tar, name).readNBytes((int) e.getSize()));
                } else if (e.isDirectory()) {
                    continue; // a directory member carries nothing; the files' paths make the directories
                } else if (name.startsWith(BackupManifest.DATA) && e.isFile()) {
                    String file = name.substring(BackupManifest.DATA.length());
                    r.write(file, new Checked(tar, name), e.getSize());
                    bytes += e.getSize();
                    coldFiles += file.startsWith("cold/") ? 1 : 0;
                } else {
                    throw new IOException("not a member a seqlog backup holds: " + name);
                }
            }
            if (manifest == null) {
                throw new IOException("the archive has no manifest (" + BackupManifest.NAME
                        + "): it is incomplete, or not a seqlog backup");
            }
            Map<String, Restore.Expected> expected = new LinkedHashMap<>();
            for (Map.Entry<String, Restore.Expected> f : manifest.files().entrySet()) {
                if (!f.getKey().startsWith(BackupManifest.DATA)) {
                    throw new IOException("the manifest lists a path outside data/: " + f.getKey());
                }
                expected.put(f.getKey().substring(BackupManifest.DATA.length()), f.getValue());
            }
            r.finish(expected);
            return new Result(manifest, bytes, coldFiles);
        }
    }

    /** A member's bytes, with a read failure (a truncated or damaged archive) said in this project's words. */
    private static final class Checked extends FilterInputStream {
        private final String member;

        Checked(InputStream in, String member) {
            super(in);
            this.member = member;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw failure();
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw failure();
            }
        }

        private IOException failure() {
            return new IOException("the archive is truncated or damaged inside " + member);
        }
    }

    /** The next member, with a damaged header reported in this project's words. */
    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("the archive is damaged or not a tar archive");
        }
    }
}
