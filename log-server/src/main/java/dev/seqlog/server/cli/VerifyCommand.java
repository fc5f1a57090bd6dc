package dev.seqlog.server.cli;

import dev.seqlog.core.internal.lifecycle.DataDirectory;
import dev.seqlog.core.internal.storage.DirectoryLockedException;
import dev.seqlog.core.internal.storage.JdkFileSystem;
import dev.seqlog.core.spi.FileSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code verify DIR}: checks a stopped server's data directory without modifying it. Holds the directory's
 * lock while it reads, so a server cannot start underneath it, and refuses a directory a running server
 * holds. Exit status 0 when clean, 1 on damage (or a held lock), 2 on a usage error. Confined to the
 * invoking thread.
 */
@Command(name = "verify", description = "Check every file of a stopped server's data directory (read only).")
final class VerifyCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;
    @Parameters(index = "0", paramLabel = "DIR", description = "The data directory.")
    private Path dir;
    @Spec
    private CommandSpec spec;

    private final Streams io;

    VerifyCommand(Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "not a directory: " + dir);
        }
        FileSystem fs = new JdkFileSystem();
        PrintStream out = io.out();
        int[] damaged = {0};
        int files;
        Closeable lock;
        try {
            lock = DataDirectory.lockExisting(fs, dir);
        } catch (DirectoryLockedException e) {
            throw new CliFailure("the data directory is in use by a running server; stop it first: dir=" + dir);
        }
        try {
            files = new DataDirCheck(fs, dir, line -> {
                damaged[0]++;
                out.println("damaged: " + line);
            }, line -> out.println("note: " + line)).run();
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
        out.println(damaged[0] == 0 ? "summary: " + files + " files checked, no damage"
                : "summary: " + damaged[0] + " problems in " + files + " files checked");
        out.flush();
        return damaged[0] == 0 ? 0 : Cli.FAILURE;
    }
}
