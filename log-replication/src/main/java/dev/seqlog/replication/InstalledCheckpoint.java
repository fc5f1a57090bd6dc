package dev.seqlog.replication;

import dev.seqlog.core.backup.Restore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The directories a snapshot installation moves through, beside the engine's: {@code engine.incoming} while a
 * peer's checkpoint is restored into it (Restore's marker file is there until it is complete), and
 * {@code engine.replaced} for the old engine directory while the complete one takes its place. Each step is a
 * rename, so a crash at any point leaves either the old engine directory or the complete new one, and the next
 * start finishes or drops the installation: an incomplete {@code engine.incoming} is deleted, a complete one
 * replaces the engine directory.
 *
 * <p>Not thread-safe: used by the state machine while its engine is closed.
 */
final class InstalledCheckpoint {
    private static final Logger LOG = LoggerFactory.getLogger(InstalledCheckpoint.class);

    private final Path engineDir;
    private final Path incoming;
    private final Path replaced;

    InstalledCheckpoint(Path engineDir) {
        this.engineDir = engineDir;
        this.incoming = engineDir.resolveSibling(engineDir.getFileName() + ".incoming");
        this.replaced = engineDir.resolveSibling(engineDir.getFileName() + ".replaced");
    }

    /** @return where a peer's checkpoint is restored */
    Path incoming() {
        return incoming;
    }

    /** Deletes whatever an earlier, unfinished installation left in {@link #incoming()}. */
    void clearIncoming() throws IOException {
        deleteTree(incoming);
    }

    /** @return whether {@link #incoming()} holds a complete checkpoint */
    boolean incomingComplete() {
        return Files.isDirectory(incoming) && !Files.exists(incoming.resolve(Restore.MARKER));
    }

    /**
     * Before the engine opens: puts a complete incoming checkpoint in place of the engine directory, or drops an
     * incomplete one.
     *
     * @return whether an installed checkpoint was put in place
     */
    boolean settle() throws IOException {
        if (Files.exists(replaced) && Files.isDirectory(engineDir) && !Files.exists(incoming)) {
            deleteTree(replaced); // a crash after the swap, before the old directory was deleted
            return false;
        }
        if (!Files.exists(incoming)) {
            return false;
        }
        if (!incomingComplete()) {
            LOG.info("dropping an incomplete checkpoint installation in {}", incoming);
            deleteTree(incoming);
            return false;
        }
        if (Files.exists(engineDir)) {
            deleteTree(replaced);
            Files.move(engineDir, replaced, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(incoming, engineDir, StandardCopyOption.ATOMIC_MOVE);
        syncParent();
        deleteTree(replaced);
        return true;
    }

    /** Makes the renames durable: they are entries of the parent directory. */
    private void syncParent() throws IOException {
        try (FileChannel dir = FileChannel.open(engineDir.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
