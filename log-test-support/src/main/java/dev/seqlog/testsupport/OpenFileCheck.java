package dev.seqlog.testsupport;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists this process's file descriptors that point inside a directory, read from {@code /proc/self/fd}.
 * Stateless and thread-safe.
 *
 * <p>Only descriptors are seen: a {@code MappedByteBuffer} whose channel was closed holds no descriptor and
 * is released by the garbage collector, so it is deliberately not reported.
 */
final class OpenFileCheck {

    private static final Path FD_DIR = Path.of("/proc/self/fd");

    private OpenFileCheck() {
    }

    /** Whether this platform exposes descriptors the way the check needs (Linux). */
    static boolean supported() {
        return Files.isDirectory(FD_DIR);
    }

    /** Returns a report of the descriptors pointing at {@code dir} or below, or an empty string. */
    static String check(Path dir) throws IOException {
        List<String> open = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FD_DIR)) {
            for (Path fd : fds) {
                Path target;
                try {
                    target = Files.readSymbolicLink(fd);
                } catch (IOException closedMeanwhile) {
                    // Includes the descriptor of this listing itself; one that vanished cannot be a leak.
                    continue;
                }
                // A deleted file reads as "<path> (deleted)", which still starts with the directory.
                if (target.startsWith(dir)) {
                    open.add("fd " + fd.getFileName() + " -> " + target);
                }
            }
        }
        if (open.isEmpty()) {
            return "";
        }
        return open.size() + " file descriptor(s) still open in the test directory " + dir + ":\n  "
                + String.join("\n  ", open);
    }
}
