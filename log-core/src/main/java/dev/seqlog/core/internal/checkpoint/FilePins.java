package dev.seqlog.core.internal.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The files that pinned checkpoints (backups being streamed) still read. While a file is pinned, checkpoint
 * passes neither delete it (segments, snapshots), retire it (WAL files are recycled, which overwrites them)
 * nor set delete flags in it: a flag set there would show a delete made after the backup's instant. The
 * pass hands such flags back to the topic, and the next snapshot lists them again until they are written.
 *
 * <p>Thread-safe.
 */
final class FilePins {
    private final List<Set<Path>> pins = new ArrayList<>();
    private final List<Set<Long>> objectPins = new ArrayList<>();

    /** Pins object ids (tiered segments a backup reads) until {@link #releaseObjects} with the same set. */
    synchronized void pinObjects(Set<Long> ids) {
        objectPins.add(ids);
    }

    synchronized void releaseObjects(Set<Long> ids) {
        objectPins.removeIf(p -> p == ids);
    }

    /** @return every pinned object id, to keep through a collection */
    synchronized Set<Long> objects() {
        Set<Long> out = new HashSet<>();
        objectPins.forEach(out::addAll);
        return out;
    }

    /** Pins a set of files until {@link #release} is called with the same set. */
    synchronized void pin(Set<Path> files) {
        pins.add(files);
    }

    /** Releases a set pinned before; the next checkpoint pass reclaims what nothing else needs. */
    synchronized void release(Set<Path> files) {
        pins.removeIf(p -> p == files);
    }

    /** @return whether any pinned checkpoint reads {@code file} */
    synchronized boolean holds(Path file) {
        for (Set<Path> p : pins) {
            if (p.contains(file)) {
                return true;
            }
        }
        return false;
    }

    /** @return every pinned file, to keep through a reclaim */
    synchronized Set<Path> all() {
        Set<Path> out = new HashSet<>();
        pins.forEach(out::addAll);
        return out;
    }
}
