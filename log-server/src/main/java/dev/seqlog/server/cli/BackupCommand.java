package dev.seqlog.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;

/**
 * {@code backup FILE}: downloads a backup archive ({@code GET /v0/admin/backup}, API §16.3) into FILE, or to
 * standard output with {@code -}. A file is written under a temporary name, flushed and renamed only once the
 * whole archive arrived, so FILE is never a partial archive. Confined to the invoking thread.
 */
@Command(name = "backup", description = {"Download a consistent backup of the whole server as a tar archive "
        + "(GET /v0/admin/backup; needs an admin key without name prefixes).",
    "Restore it offline with: restore FILE --data-dir DIR"})
final class BackupCommand extends ClientCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Where the archive goes, or - for standard output.")
    private String file;

    BackupCommand(Streams io) {
        super(io);
    }

    @Override
    public Integer call() {
        ApiClient api = client();
        if ("-".equals(file)) {
            try (InputStream in = api.download("/admin/backup", "application/x-tar")) {
                in.transferTo(io.out());
                io.out().flush();
                return 0;
            } catch (IOException e) {
                throw new CliFailure("the backup stream broke off: " + e.getMessage());
            }
        }
        Path target = Path.of(file);
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        long bytes;
        try (InputStream in = api.download("/admin/backup", "application/x-tar");
             OutputStream out = Files.newOutputStream(partial)) {
            bytes = in.transferTo(out);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new CliFailure("the backup stream broke off, nothing was kept: " + e.getMessage());
        }
        try {
            try (FileChannel c = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new CliFailure("cannot write " + target + ": " + e.getMessage());
        }
        io.err().println("wrote " + target + " (" + bytes + " bytes)");
        io.err().flush();
        return 0;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the failure being reported matters more
        }
    }
}
