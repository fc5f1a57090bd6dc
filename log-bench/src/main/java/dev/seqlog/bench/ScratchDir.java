package dev.seqlog.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A throw-away directory for one server's or engine's data, port file and log, deleted with everything in it
 * on close. Confined to one thread.
 */
public final class ScratchDir implements AutoCloseable {
    private final Path path;

    private ScratchDir(Path path) {
        this.path = path;
    }

    /**
     * @param parent where to create it
     * @param prefix the name's prefix
     * @return a new empty directory
     * @throws IOException if it cannot be created
     */
    public static ScratchDir create(Path parent, String prefix) throws IOException {
        return new ScratchDir(Files.createTempDirectory(parent, prefix));
    }

    /** @return the directory */
    public Path path() {
        return path;
    }

    @Override
    public void close() {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete scratch directory " + path, e);
        }
    }
}
