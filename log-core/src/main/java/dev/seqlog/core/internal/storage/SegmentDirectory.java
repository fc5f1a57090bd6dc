package dev.seqlog.core.internal.storage;

import dev.seqlog.core.spi.FileSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code segments/} directory: segment files and their indexes, named from the topic id (which is
 * also the instance epoch) and the base seq, {@code <id, 16 digits>-<base seq, 20 digits>.seg} and
 * {@code .idx}. A topic name never reaches a file name.
 *
 * <p>Thread-safe (stateless apart from the file system).
 */
public final class SegmentDirectory {
    private static final String SEGMENT = ".seg";
    private static final String INDEX = ".idx";

    private final FileSystem fs;
    private final Path dir;

    /**
     * @param fs the file system
     * @param dir the directory
     * @throws IOException if it cannot be created
     */
    public SegmentDirectory(FileSystem fs, Path dir) throws IOException {
        this.fs = fs;
        this.dir = dir;
        if (!fs.exists(dir)) {
            fs.createDirectories(dir);
            fs.syncDirectory(dir.getParent());
        }
    }

    private SegmentDirectory(FileSystem fs, Path dir, boolean mustExist) throws IOException {
        this.fs = fs;
        this.dir = dir;
        if (mustExist && !fs.exists(dir)) {
            throw new java.nio.file.NoSuchFileException(dir.toString(), null, "the cold-tier directory does not exist");
        }
    }

    /**
     * A directory that must already exist, such as the cold tier: creating a missing one could hide an
     * unmounted volume.
     *
     * @param fs the file system
     * @param dir the directory
     * @return the directory
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws IOException on failure
     */
    public static SegmentDirectory existing(FileSystem fs, Path dir) throws IOException {
        return new SegmentDirectory(fs, dir, true);
    }

    /** @return the directory's path */
    public Path path() {
        return dir;
    }

    /** @return the file system */
    public FileSystem fs() {
        return fs;
    }

    /**
     * @param topicId the topic id
     * @param baseSeq the segment's base seq
     * @return the segment file's path
     */
    public Path segment(long topicId, long baseSeq) {
        return dir.resolve(stem(topicId, baseSeq) + SEGMENT);
    }

    /**
     * @param topicId the topic id
     * @param baseSeq the segment's base seq
     * @return the index file's path
     */
    public Path index(long topicId, long baseSeq) {
        return dir.resolve(stem(topicId, baseSeq) + INDEX);
    }

    /**
     * @return every segment and index file present
     * @throws IOException on failure
     */
    public List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : fs.list(dir)) {
            String n = p.getFileName().toString();
            if (n.endsWith(SEGMENT) || n.endsWith(INDEX)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Deletes a file (durable after {@link #sync()}).
     *
     * @param p the file
     * @throws IOException on failure
     */
    public void delete(Path p) throws IOException {
        fs.delete(p);
    }

    /**
     * Flushes the directory's entries.
     *
     * @throws IOException on failure
     */
    public void sync() throws IOException {
        fs.syncDirectory(dir);
    }

    private static String stem(long topicId, long baseSeq) {
        return String.format("%016d-%020d", topicId, baseSeq);
    }
}
