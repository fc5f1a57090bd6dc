package dev.seqlog.testsupport;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Logger that records ERRORs (and, while a test watches it, every event) into the open {@link LogCapture}s and
 * prints to System.err. Thread-safe.
 */
final class TestLogger extends LegacyAbstractLogger {

    // AbstractLogger is Serializable (it deserializes by name through LoggerFactory); the fields here are too.
    private static final long serialVersionUID = 1L;

    /** Lowest level printed; ERROR is always recorded regardless. */
    private final Level printThreshold;

    TestLogger(String name, Level printThreshold) {
        this.name = name;
        this.printThreshold = printThreshold;
    }

    /** SLF4J's Level numbers grow with severity (TRACE=0 ... ERROR=40). */
    private boolean prints(Level level) {
        return level.toInt() >= printThreshold.toInt();
    }

    private boolean enabled(Level level) {
        return prints(level) || LogCapture.watching(name);
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    /** Always on: an ERROR must reach the capture even when printing is turned down. */
    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            Level level, Marker marker, String pattern, Object[] args, Throwable throwable) {
        // error(msg, throwable) and error("x {}", throwable) arrive with the throwable among the arguments and
        // none passed separately: take a trailing throwable out as the cause, as other bindings do.
        Object[] arguments = args;
        Throwable cause = throwable;
        if (cause == null && arguments != null && arguments.length > 0) {
            cause = MessageFormatter.getThrowableCandidate(arguments);
            if (cause != null) {
                arguments = MessageFormatter.trimmedCopy(arguments);
            }
        }
        LogEvent event = new LogEvent(level, name, Thread.currentThread().getName(),
                MessageFormatter.basicArrayFormat(pattern, arguments), cause);
        LogCapture.record(event);
        if (prints(level)) {
            print(event);
        }
    }

    /** Builds the whole entry first so lines from concurrent threads do not interleave. */
    private static void print(LogEvent event) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.println(event.level() + " [" + event.threadName() + "] " + event.loggerName() + " - " + event.message());
        if (event.throwable() != null) {
            event.throwable().printStackTrace(out);
        }
        out.flush();
        System.err.print(text);
        System.err.flush();
    }
}
