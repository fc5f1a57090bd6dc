package dev.seqlog.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Unit tests of the SLF4J binding and what it records. Confined. */
class TestLoggingProviderTest {

    private static final Logger LOG = LoggerFactory.getLogger(TestLoggingProviderTest.class);

    @Test
    void slf4jIsBoundToTheTestProvider() {
        assertInstanceOf(TestLoggerFactory.class, LoggerFactory.getILoggerFactory());
        assertSame(LOG, LoggerFactory.getLogger(TestLoggingProviderTest.class), "one logger per name");
    }

    @Test
    void printThresholdDefaultsToWarnAndAcceptsLevelNames() {
        assertEquals(Level.WARN, TestLoggingProvider.printThreshold(null));
        assertEquals(Level.WARN, TestLoggingProvider.printThreshold(" "));
        assertEquals(Level.WARN, TestLoggingProvider.printThreshold("loud"));
        assertEquals(Level.DEBUG, TestLoggingProvider.printThreshold("debug"));
        assertEquals(Level.INFO, TestLoggingProvider.printThreshold(" INFO "));
    }

    @Test
    void belowWarnIsOffByDefaultAndErrorIsAlwaysOn() {
        Logger logger = new TestLogger("quiet", Level.WARN);

        assertFalse(logger.isDebugEnabled());
        assertFalse(logger.isInfoEnabled());
        assertTrue(logger.isWarnEnabled());
        assertTrue(new TestLogger("silent", Level.ERROR).isErrorEnabled());
    }

    @Test
    @ExpectErrorLogs
    void errorsAreRecordedFormattedWithTheirThrowableWhicheverApiIsUsed(LogCapture logs) {
        IOException cause = new IOException("EIO");
        LOG.info("not recorded: below ERROR");
        LOG.warn("not recorded: WARN");
        LOG.error("one arg and a throwable topic={}", "orders", cause);
        LOG.error("throwable as the only argument {}", cause);
        LOG.error("plain message", cause);
        LOG.atError().setCause(cause).addArgument(7).log("fluent seq={}");

        List<LogEvent> errors = logs.errors();
        assertEquals(List.of("one arg and a throwable topic=orders", "throwable as the only argument {}",
                "plain message", "fluent seq=7"), errors.stream().map(LogEvent::message).toList());
        errors.forEach(event -> assertSame(cause, event.throwable(), event.toString()));
        errors.forEach(event -> assertEquals(Level.ERROR, event.level()));
        assertEquals(TestLoggingProviderTest.class.getName(), errors.get(0).loggerName());
        assertEquals(Thread.currentThread().getName(), errors.get(0).threadName());
    }

    @Test
    @ExpectErrorLogs
    void errorWithoutThrowableHasNone(LogCapture logs) {
        LOG.error("no cause id={} size={}", 1, 2);

        assertEquals("no cause id=1 size=2", logs.errors().get(0).message());
        assertNull(logs.errors().get(0).throwable());
    }

    @Test
    void aWatchedLoggerIsRecordedAtEveryLevelWhileOthersStayQuiet(LogCapture logs) {
        Logger watched = LoggerFactory.getLogger("watched.by.test");
        Logger other = LoggerFactory.getLogger("not.watched");
        assertFalse(watched.isInfoEnabled());
        logs.watch("watched.by.test");

        assertTrue(watched.isDebugEnabled());
        assertFalse(other.isInfoEnabled());
        watched.info("line {}", 1);
        watched.debug("detail");
        other.warn("elsewhere");

        assertEquals(List.of("line 1", "detail"),
                logs.events("watched.by.test").stream().map(LogEvent::message).toList());
        assertEquals(List.of(), logs.events("not.watched"));
        assertEquals(List.of(), logs.errors());
    }
}
