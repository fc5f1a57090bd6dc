package dev.seqlog.testsupport;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.event.Level;

/**
 * The ERROR events logged through SLF4J while one test ran, and every event of the loggers the test chose to
 * {@link #watch}, resolvable as a test parameter. Thread-safe: any thread may log into it while the test thread
 * reads it.
 *
 * <p>Events reach every capture open at the time they are logged, so a test that runs other tests in-process
 * (the extension's own tests) also sees the errors of the tests it ran. ERRORs logged while no test is running
 * are printed but not recorded anywhere.
 */
public final class LogCapture {

    private static final List<LogCapture> OPEN = new CopyOnWriteArrayList<>();

    private final List<LogEvent> errors = new CopyOnWriteArrayList<>();
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final List<LogEvent> events = new CopyOnWriteArrayList<>();

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
            if (event.level() == Level.ERROR) {
                capture.errors.add(event);
            }
            if (capture.watched.contains(event.loggerName())) {
                capture.events.add(event);
            }
        }
    }

    /** Whether an open capture watches a logger: its events are then recorded at every level, printed or not. */
    static boolean watching(String loggerName) {
        for (LogCapture capture : OPEN) {
            if (capture.watched.contains(loggerName)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records every event of one logger, at any level, from now until the test ends (ERRORs are recorded anyway).
     *
     * @param loggerName the SLF4J logger name
     */
    public void watch(String loggerName) {
        watched.add(loggerName);
    }

    /**
     * The events of one watched logger recorded so far, oldest first; a snapshot that later events do not change.
     *
     * @param loggerName the SLF4J logger name
     * @return its events
     */
    public List<LogEvent> events(String loggerName) {
        return events.stream().filter(e -> e.loggerName().equals(loggerName)).toList();
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
