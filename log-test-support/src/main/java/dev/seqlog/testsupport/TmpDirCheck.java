package dev.seqlog.testsupport;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds entries a test created directly in {@code java.io.tmpdir} and left there. Confined to the test thread.
 *
 * <p>The temp directory is shared with every other process on the machine, so names that other JVMs and
 * build tools create at any moment are ignored by prefix (see {@link #IGNORED_PREFIXES}).
 */
final class TmpDirCheck {

    /**
     * Ignored name prefixes: this extension's own test directories (also made by other JVMs), JUnit's
     * {@code @TempDir} (removed only after this check runs), JVM perf data and attach files, surefire and
     * jqwik files, and the native library Maven's console support unpacks at start-up.
     */
    static final List<String> IGNORED_PREFIXES = List.of(
            TestDir.PREFIX,
            "junit",
            "hsperfdata_",
            ".java_pid",
            ".attach_pid",
            "surefire",
            "jqwik",
            "jansi-");

    private final Path tmpDir;
    private final Set<String> before;

    private TmpDirCheck(Path tmpDir, Set<String> before) {
        this.tmpDir = tmpDir;
        this.before = before;
    }

    /** Records the current entries of {@code java.io.tmpdir}. */
    static TmpDirCheck snapshot() throws IOException {
        Path tmpDir = Path.of(System.getProperty("java.io.tmpdir"));
        return new TmpDirCheck(tmpDir, list(tmpDir));
    }

    /** Returns a report of the entries that appeared since the snapshot, or an empty string. */
    String check() throws IOException {
        Set<String> added = new TreeSet<>(list(tmpDir));
        added.removeAll(before);
        added.removeIf(TmpDirCheck::isIgnored);
        if (added.isEmpty()) {
            return "";
        }
        return added.size() + " new entr" + (added.size() == 1 ? "y" : "ies") + " left in java.io.tmpdir "
                + tmpDir + " (use a TestDir parameter instead): " + added;
    }

    static boolean isIgnored(String name) {
        return IGNORED_PREFIXES.stream().anyMatch(name::startsWith);
    }

    private static Set<String> list(Path dir) throws IOException {
        Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        return names;
    }
}
