package dev.seqlog.server.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Command-line subcommands and option-to-variable mapping. */
class CommandLineTest {
    @Test
    void defaultsToServe() throws Exception {
        CommandLine c = CommandLine.parse(new String[0]);
        assertEquals("serve", c.command());
        assertEquals(Map.of(), c.overrides());
    }

    @Test
    void optionsMapToVariablesAndOverrideTheEnvironment() throws Exception {
        CommandLine c = CommandLine.parse(new String[] {"serve", "--port", "4100", "--data-dir=some/dir",
            "--host", "127.0.0.1", "--probe-auth", "--max-body-bytes", "99"});
        assertEquals(Map.of("SEQLOG_PORT", "4100", "SEQLOG_DATA_DIR", "some/dir", "SEQLOG_HOST", "127.0.0.1",
                "SEQLOG_PROBE_AUTH", "1", "SEQLOG_MAX_BODY_BYTES", "99"), c.overrides());
        Map<String, String> merged = c.merge(Map.of("SEQLOG_PORT", "1", "SEQLOG_LOG_LEVEL", "warn"));
        assertEquals("4100", merged.get("SEQLOG_PORT"));
        assertEquals("warn", merged.get("SEQLOG_LOG_LEVEL"));
    }

    @Test
    void restoreTakesOperands() throws Exception {
        CommandLine c = CommandLine.parse(new String[] {"restore", "a.tar", "--data-dir", "d"});
        assertEquals("restore", c.command());
        assertEquals(List.of("a.tar"), c.operands());
    }

    @Test
    void helpAndVersion() throws Exception {
        assertEquals("help", CommandLine.parse(new String[] {"--help"}).command());
        assertEquals("help", CommandLine.parse(new String[] {"help"}).command());
        assertEquals("version", CommandLine.parse(new String[] {"--version"}).command());
    }

    @Test
    void usageErrors() {
        for (String[] args : List.of(new String[] {"bogus"}, new String[] {"--nope", "1"}, new String[] {"--port"},
            new String[] {"--api-keys", "x"}, new String[] {"serve", "extra"}, new String[] {"--PORT", "1"},
            new String[] {"--", "x"})) {
            assertThrows(UsageException.class, () -> CommandLine.parse(args), String.join(" ", args));
        }
    }
}
