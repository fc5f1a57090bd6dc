package dev.seqlog.server;

import dev.seqlog.server.config.CommandLine;
import dev.seqlog.server.config.ConfigException;
import dev.seqlog.server.config.ServerConfig;
import dev.seqlog.server.config.UsageException;

import java.io.PrintStream;
import java.util.Map;

/**
 * Command-line entry point of the runnable jar (API §13.2, §13.3). Exit status: 0 after a graceful
 * shutdown, 1 for invalid configuration or a start-up failure, 2 for a usage error. Runs on the main
 * thread; shutdown runs on the JVM's shutdown-hook thread.
 */
public final class Main {
    /** Returned by {@link #run} when the server is up and the process must keep running. */
    static final int SERVING = -1;

    private Main() {
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err);
        if (code != SERVING) {
            System.exit(code);
        }
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        CommandLine cl;
        try {
            cl = CommandLine.parse(args);
        } catch (UsageException e) {
            err.println("seqlog: " + e.getMessage());
            err.print(CommandLine.USAGE);
            return 2;
        }
        switch (cl.command()) {
            case "help":
                out.print(CommandLine.USAGE);
                return 0;
            case "version":
                out.println(SeqlogServer.version());
                return 0;
            case "restore":
                err.println("seqlog: restore is not supported yet");
                return 1;
            default:
                break;
        }
        ServerConfig config;
        try {
            config = ServerConfig.fromEnv(cl.merge(env));
        } catch (ConfigException e) {
            err.println("seqlog: invalid configuration: " + e.getMessage());
            return 1;
        }
        configureLogging(config.logLevel());
        SeqlogServer server;
        try {
            server = SeqlogServer.start(config);
        } catch (RuntimeException e) {
            err.println("seqlog: cannot start: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            return 1;
        }
        for (String v : config.unknownVariables()) {
            org.slf4j.LoggerFactory.getLogger(Main.class).warn("ignoring unknown variable {}", v);
        }
        Thread recoveryWatch = new Thread(() -> {
            try {
                server.awaitReady();
            } catch (RuntimeException e) {
                // a data directory that cannot be recovered stops the process with status 1 (API §13.2)
                org.slf4j.LoggerFactory.getLogger(Main.class).error("recovery failed, stopping: {}", e.getMessage());
                System.err.flush();
                Runtime.getRuntime().halt(1);
            }
        }, "seqlog-recovery-watch");
        recoveryWatch.setDaemon(true);
        recoveryWatch.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.out.flush();
            System.err.flush();
            // a completed graceful shutdown exits 0, not the 128+signal status the JVM would report
            Runtime.getRuntime().halt(0);
        }, "seqlog-shutdown"));
        return SERVING;
    }

    /**
     * Sets up slf4j-simple (bundled in the runnable jar) and routes Undertow's jboss-logging to SLF4J,
     * before any logger exists. Explicit -D settings win.
     */
    private static void configureLogging(String level) {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level);
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        setIfAbsent("org.slf4j.simpleLogger.log.org.xnio", "warn");
        setIfAbsent("org.jboss.logging.provider", "slf4j");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
