package dev.seqlog.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The ERROR events logged through SLF4J while one test ran, resolvable as a test parameter. Thread-safe: any
 * thread may log into it while the test thread reads it.
 *
 * <p>Events reach every capture open at the time they are logged, so a test that runs other tests in-process
 * (the extension's own tests) also sees the errors of the tests it ran. ERRORs logged while no test is running
 * are printed but not recorded anywhere.
 */
public final class LogCapture {

    private static final List<LogCapture> OPEN = new CopyOnWriteArrayList<>();

    private final List<LogEvent> errors = new CopyOnWriteArrayList<>();

    private LogCapture() {
    }

    /** Starts recording into a new capture. */
    static LogCapture open() {
        LogCapture capture = new LogCapture();
        OPEN.add(capture);
        return capture;
    }

    /** Delivers an event to every open capture; called by the loggers on any thread. */
    static void record(LogEvent event) {
        for (LogCapture capture : OPEN) {
            capture.errors.add(event);
        }
    }

    /** Stops recording; events already recorded stay readable. */
    void close() {
        OPEN.remove(this);
    }

    /** The ERROR events recorded so far, oldest first; a snapshot that later events do not change. */
    public List<LogEvent> errors() {
        return List.copyOf(errors);
    }

    @Override
    public String toString() {
        return "LogCapture" + errors;
    }
}
