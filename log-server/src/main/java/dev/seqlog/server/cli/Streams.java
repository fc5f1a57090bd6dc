package dev.seqlog.server.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * The process's environment and standard streams, passed in so that tests run commands in-process.
 * Immutable (the streams themselves are shared, as the process's are).
 *
 * @param env the environment
 * @param in standard input
 * @param out standard output (bytes written as received, so payloads keep their encoding)
 * @param err standard error
 */
record Streams(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
}
