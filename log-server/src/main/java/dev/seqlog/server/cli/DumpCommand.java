package dev.seqlog.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code dump FILE}: prints a WAL, segment, index or snapshot file readably, telling the kind from its
 * header. Reads only; safe on a running server's files, though a file being written may show a partial
 * tail. Confined to the invoking thread.
 */
@Command(name = "dump", description = "Print a WAL, segment, index or snapshot file readably (read only).")
final class DumpCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;
    @Parameters(index = "0", paramLabel = "FILE", description = "The file.")
    private Path file;
    @Option(names = "--max-bytes", paramLabel = "N", defaultValue = "200",
            description = "Payload bytes shown per field before cutting. Default: 200.")
    private int maxBytes;
    @Spec
    private CommandSpec spec;

    private final Streams io;

    DumpCommand(Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "not a file: " + file);
        }
        if (maxBytes < 0) {
            throw new ParameterException(spec.commandLine(), "--max-bytes must be 0 or more: " + maxBytes);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliFailure("cannot read " + file + ": " + DataDirCheck.describe(e));
        }
        new FileDump(io.out(), maxBytes).dump(ByteBuffer.wrap(bytes), file);
        io.out().flush();
        return 0;
    }
}
