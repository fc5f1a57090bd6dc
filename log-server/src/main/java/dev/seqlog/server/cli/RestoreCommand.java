package dev.seqlog.server.cli;

import dev.seqlog.core.backup.Restore;
import dev.seqlog.core.internal.storage.DirectoryLockedException;
import dev.seqlog.core.internal.storage.JdkFileSystem;
import dev.seqlog.server.backup.ArchiveRestore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code restore ARCHIVE --data-dir DIR} (API §16.3): rebuilds a data directory from a backup archive, offline.
 * Exit status 0 on success; 3 if a target directory exists and is not empty (nothing is written); 1 on any
 * other failure (truncated or damaged archive, checksum mismatch, unsupported version, I/O error), after
 * removing what was written; 2 on a usage error. Confined to the invoking thread.
 */
@Command(name = "restore", description = {"Restore a backup archive (GET /v0/admin/backup) into a new data "
        + "directory. Run it while no server uses the directory: it takes the same lock.",
    "Every file is checked against the archive's manifest (size and SHA-256) and flushed to disk before the "
        + "directory is marked complete; on any failure what was written is removed.",
    "Exit status: 0 restored, 1 failed (nothing kept), 2 usage error, 3 a target directory is not empty."})
final class RestoreCommand implements Callable<Integer> {
    static final int TARGET_NOT_EMPTY = 3;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;
    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The archive file, or - for standard input.")
    private String archive;
    @Option(names = "--data-dir", paramLabel = "DIR", required = true,
            description = "The data directory to create. It must not exist or be empty; missing parents are made.")
    private Path dataDir;
    @Option(names = "--cold-dir", paramLabel = "DIR", description = "Where the archive's cold-tier segments go "
            + "(start the server with SEQLOG_COLD_DIR set to it). Must not exist or be empty. Default: DIR/cold.")
    private Path coldDir;

    private final Streams io;

    RestoreCommand(Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Path cold = coldDir != null ? coldDir : dataDir.resolve("cold");
        try (InputStream in = open()) {
            ArchiveRestore.Result r = ArchiveRestore.restore(new JdkFileSystem(), in, dataDir, cold);
            io.out().println("restored " + r.manifest().files().size() + " files (" + r.bytes() + " bytes, "
                    + r.manifest().topics() + " topics) of the checkpoint at " + r.manifest().checkpointTs()
                    + " into " + dataDir);
            if (r.coldFiles() > 0) {
                io.out().println(r.coldFiles() + " cold-tier segment files are in " + cold
                        + ": start the server with SEQLOG_COLD_DIR=" + cold);
            }
            io.out().flush();
            return 0;
        } catch (Restore.TargetNotEmptyException e) {
            io.err().println("seqlog: " + e.getMessage());
            io.err().flush();
            return TARGET_NOT_EMPTY;
        } catch (DirectoryLockedException e) {
            throw new CliFailure("the data directory is in use by a running server: " + dataDir);
        } catch (NoSuchFileException e) {
            throw new CliFailure("no such archive: " + archive);
        } catch (IOException e) {
            throw new CliFailure("restore failed, nothing was kept: " + e.getMessage());
        }
    }

    private InputStream open() throws IOException {
        return "-".equals(archive) ? new NoCloseInput(io.in()) : new BufferedInputStream(Files.newInputStream(
                Path.of(archive)), 1 << 16);
    }

    /** Standard input stays open for the process. */
    private static final class NoCloseInput extends java.io.FilterInputStream {
        NoCloseInput(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // not ours to close
        }
    }
}
