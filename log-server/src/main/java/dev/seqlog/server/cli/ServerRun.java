package dev.seqlog.server.cli;

import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.config.ServerConfig;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;

/**
 * Starts the server for {@code serve} and keeps the process's exit status honest (API §13.2, §13.3): a
 * start-up failure is one line and status 1, a recovery failure stops the process with status 1, and a
 * completed graceful shutdown exits 0. Called on the main thread; shutdown runs on the shutdown-hook thread.
 */
final class ServerRun {
    private ServerRun() {
    }

    static int start(ServerConfig config, PrintStream err) {
        configureLogging(config.logLevel());
        SeqlogServer server;
        try {
            server = SeqlogServer.start(config);
        } catch (RuntimeException e) {
            // the messages carry the facts (path, host:port); the trace helps only when debugging
            LoggerFactory.getLogger(ServerRun.class).debug("start-up failed", e);
            err.println("seqlog: cannot start: " + e.getMessage());
            return Cli.FAILURE;
        }
        for (String v : config.unknownVariables()) {
            LoggerFactory.getLogger(ServerRun.class).warn("ignoring unknown variable {}", v);
        }
        Thread recoveryWatch = new Thread(() -> {
            try {
                server.awaitReady();
            } catch (RuntimeException e) {
                // a data directory that cannot be recovered stops the process with status 1 (API §13.2); the
                // engine has logged the details
                err.println("seqlog: cannot start: " + e.getMessage());
                err.flush();
                System.err.flush();
                Runtime.getRuntime().halt(Cli.FAILURE);
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
        return Cli.SERVING;
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
        // cluster mode: Ratis logs its whole configuration and every step of an election at INFO; seqlog's replication
        // logs leader and membership changes itself, so Ratis is kept to warnings unless debugging. Its leader warns
        // on every failed append to a follower that is down (several a second, for as long as it is down); that
        // state shows in /v0/cluster and the seqlog_raft_* metrics instead
        boolean debugging = level.equals("debug") || level.equals("trace");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.ratis", debugging ? level : "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.ratis.grpc.server.GrpcLogAppender",
                debugging ? level : "error");
        setIfAbsent("org.jboss.logging.provider", "slf4j");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
