package dev.seqlog.testsupport;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/** Hands out one {@link TestLogger} per name, all sharing a print threshold. Thread-safe. */
final class TestLoggerFactory implements ILoggerFactory {

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final Level printThreshold;

    TestLoggerFactory(Level printThreshold) {
        this.printThreshold = printThreshold;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new TestLogger(n, printThreshold));
    }
}
