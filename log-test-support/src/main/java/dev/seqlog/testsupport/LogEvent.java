package dev.seqlog.testsupport;

import org.slf4j.event.Level;

/**
 * One log event recorded by the test logging provider. Thread-safe (immutable, though the throwable is shared).
 *
 * @param level      the level it was logged at
 * @param loggerName the SLF4J logger name
 * @param threadName the thread that logged it
 * @param message    the message with its arguments already substituted
 * @param throwable  the attached throwable, or {@code null}
 */
public record LogEvent(Level level, String loggerName, String threadName, String message, Throwable throwable) {

    @Override
    public String toString() {
        String text = level + " [" + threadName + "] " + loggerName + " - " + message;
        return throwable == null ? text : text + " (" + throwable + ")";
    }
}
