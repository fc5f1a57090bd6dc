package dev.seqlog.replication;

import dev.seqlog.testsupport.LogCapture;
import dev.seqlog.testsupport.LogEvent;
import org.junit.jupiter.api.AfterEach;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For tests of a cluster that are annotated {@code @ExpectErrorLogs} only because of Ratis: a node closing down
 * may still receive an append request or a heartbeat, which {@code RaftServer$Division} logs at ERROR. Any other
 * ERROR fails the test.
 */
interface RatisShutdownErrors {
    Set<String> RATIS_LOGGERS = Set.of("org.apache.ratis.server.RaftServer$Division");

    @AfterEach
    default void onlyRatisLoggedErrors(LogCapture logs) {
        for (LogEvent e : logs.errors()) {
            assertTrue(RATIS_LOGGERS.contains(e.loggerName()), "unexpected error: " + e);
        }
    }
}
