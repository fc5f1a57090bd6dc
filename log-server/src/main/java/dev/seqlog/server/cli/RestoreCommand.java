package dev.seqlog.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * {@code restore ARCHIVE --data-dir DIR} (API §13.2): reserved by the contract but not implemented, so
 * it is hidden from help and fails with status 1 rather than being mistaken for a usage error.
 */
@Command(name = "restore", hidden = true, description = "Offline restore of a backup archive (not supported yet).")
final class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ARCHIVE")
    private String archive;

    @Option(names = "--data-dir", paramLabel = "DIR", required = true)
    private String dataDir;

    @Override
    public Integer call() {
        throw new CliFailure("restore is not supported yet");
    }
}
