package dev.seqlog.testsupport;

import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J 2.x binding for test runs: records every ERROR for {@link StrictTestExtension} and prints WARN and
 * above to {@code System.err}. Thread-safe once SLF4J has called {@link #initialize()}.
 *
 * <p>System property {@value #LEVEL_PROPERTY} ({@code trace}, {@code debug}, {@code info}, {@code warn},
 * {@code error}) lowers or raises the printed threshold; ERRORs are recorded whatever it says.
 */
public final class TestLoggingProvider implements SLF4JServiceProvider {

    /** System property choosing the lowest level printed. */
    public static final String LEVEL_PROPERTY = "seqlog.test.log";

    /** The SLF4J API version this binding was written against. */
    private static final String API_VERSION = "2.0.99";

    private volatile ILoggerFactory loggerFactory;
    private volatile IMarkerFactory markerFactory;
    private volatile MDCAdapter mdcAdapter;

    /** Called by SLF4J's service loader. */
    public TestLoggingProvider() {
    }

    @Override
    public void initialize() {
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new BasicMDCAdapter();
        loggerFactory = new TestLoggerFactory(printThreshold(System.getProperty(LEVEL_PROPERTY)));
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return API_VERSION;
    }

    /** Parses the property; an unknown value keeps the default (WARN) rather than failing every test. */
    static Level printThreshold(String value) {
        if (value == null || value.isBlank()) {
            return Level.WARN;
        }
        try {
            return Level.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return Level.WARN;
        }
    }
}
