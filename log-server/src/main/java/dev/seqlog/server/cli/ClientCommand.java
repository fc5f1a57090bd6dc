package dev.seqlog.server.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Map;

/**
 * What every client command shares: where the server is and the key to present. Defaults come from
 * SEQLOG_URL and SEQLOG_TOKEN, so the token need not appear on a command line. Confined to the invoking
 * thread.
 */
abstract class ClientCommand {
    static final String DEFAULT_URL = "http://127.0.0.1:4000";

    @Option(names = "--url", paramLabel = "URL", description = "Server address (with or without /v0). Default: "
            + DEFAULT_URL + ". Environment: SEQLOG_URL.")
    private String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token. Default: none. Environment: "
            + "SEQLOG_TOKEN (preferred: a command line is visible to other local users).")
    private String token;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Spec
    CommandSpec spec;

    final Streams io;

    ClientCommand(Streams io) {
        this.io = io;
    }

    ApiClient client() {
        Map<String, String> env = io.env();
        String u = url != null ? url : env.getOrDefault("SEQLOG_URL", "");
        String t = token != null ? token : env.get("SEQLOG_TOKEN");
        return new ApiClient(u.isBlank() ? DEFAULT_URL : u.strip(), t);
    }
}
