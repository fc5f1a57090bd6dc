package dev.seqlog.server.cli;

import dev.seqlog.server.config.ServerConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line without a server: help, usage errors, options as variables, exit codes. */
class CliTest {
    /** Exit status, stdout and stderr of one invocation. */
    record Result(int code, String out, String err) {
    }

    static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void serveHelpListsEveryVariableWithItsDefault() {
        Result r = run("serve", "--help");
        assertEquals(0, r.code(), r.err());
        Set<String> expected = new HashSet<>(ServerConfig.VARIABLES);
        expected.addAll(List.of("SEQLOG_HEADER_TIMEOUT_MS", "SEQLOG_BODY_TIMEOUT_MS", "SEQLOG_IDLE_TIMEOUT_MS",
                "SEQLOG_WRITE_TIMEOUT_MS", "SEQLOG_MAX_CONNECTIONS_PER_ADDRESS", "SEQLOG_BODY_BYTES_IN_FLIGHT"));
        // help wraps long lines; compare on the text with line breaks and indentation folded away
        String help = r.out().replaceAll("\\s+", " ");
        for (String v : expected) {
            assertTrue(help.contains(v), v + " missing from serve --help");
        }
        for (ServerVariables.Variable v : ServerVariables.ALL) {
            assertTrue(expected.contains(v.name()), v.name() + " is not a variable the server reads");
            assertTrue(help.contains(v.environmentOnly() ? v.name() + " (default: " + v.defaultText() + ")"
                    : "Default: " + v.defaultText() + ". Environment: " + v.name() + "."), v.name());
            assertEquals(!v.environmentOnly(), help.contains(v.option() + (v.flag() ? "[=" : "=")), v.option());
        }
        assertFalse(help.contains("..."), "help lists everything");
    }

    @Test
    void everyOptionTakingAValueStatesItsDefault() {
        List<picocli.CommandLine> all = new java.util.ArrayList<>(List.of(Cli.build(new Streams(Map.of(), System.in,
                System.out, System.err))));
        for (int i = 0; i < all.size(); i++) {
            all.addAll(all.get(i).getSubcommands().values().stream().filter(c -> !all.contains(c)).toList());
        }
        for (picocli.CommandLine c : all) {
            if (c.getCommandSpec().usageMessage().hidden()) {
                continue;
            }
            for (picocli.CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) {
                // a required option has no default to state
                if (o.arity().max() > 0 && !o.usageHelp() && !o.versionHelp() && !o.required()) {
                    assertTrue(String.join(" ", o.description()).contains("Default: "),
                            c.getCommandSpec().qualifiedName() + " " + o.longestName());
                }
            }
        }
    }

    @Test
    void topLevelAndCommandHelp() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"},
                new String[] {"help", "serve"}, new String[] {"version", "--help"})) {
            Result r = run(args);
            assertEquals(0, r.code(), String.join(" ", args));
            assertTrue(r.out().startsWith("Usage: java -jar seqlog-server.jar"), r.out());
        }
        assertTrue(run("--help").out().contains("serve"));
    }

    @Test
    void versionPrintsOneLine() {
        for (String a : List.of("version", "--version")) {
            Result r = run(a);
            assertEquals(0, r.code());
            assertEquals(1, r.out().lines().count(), r.out());
        }
    }

    @Test
    void usageErrorsExitTwoWithOneLineAndAHint() {
        for (String[] args : List.of(new String[] {"bogus"}, new String[] {"--nope", "1"}, new String[] {"--port"},
                new String[] {"--api-keys", "x"}, new String[] {"serve", "extra"}, new String[] {"--PORT", "1"},
                new String[] {"--", "x"})) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            List<String> lines = r.err().lines().toList();
            assertEquals(2, lines.size(), r.err());
            assertTrue(lines.get(0).startsWith("seqlog: "), r.err());
            assertTrue(lines.get(1).startsWith("Try 'java -jar seqlog-server.jar"), r.err());
        }
    }

    @Test
    void serveIsTheDefaultCommand() {
        assertArrayEquals(new String[] {"serve"}, Cli.withCommand(new String[0]));
        assertArrayEquals(new String[] {"serve", "--port", "1"}, Cli.withCommand(new String[] {"--port", "1"}));
        assertArrayEquals(new String[] {"--help"}, Cli.withCommand(new String[] {"--help"}));
        assertArrayEquals(new String[] {"version"}, Cli.withCommand(new String[] {"version"}));
    }

    @Test
    void optionsAreParsedAsStrictlyAsVariablesAndWinOverThem() {
        Result bad = run("--max-limit", "lots");
        assertEquals(1, bad.code());
        assertEquals("seqlog: invalid configuration: SEQLOG_MAX_LIMIT must be a plain decimal integer (got \"lots\")",
                bad.err().strip());
        assertEquals(bad.err(), run(Map.of("SEQLOG_MAX_LIMIT", "lots")).err(), "same message either way");
        // the option replaces the bad variable, so start-up gets as far as the bind-safety check
        Result open = run(Map.of("SEQLOG_MAX_LIMIT", "lots"), "serve", "--max-limit=5", "--host", "0.0.0.0");
        assertEquals(1, open.code());
        assertTrue(open.err().contains("SEQLOG_ALLOW_INSECURE_NO_AUTH"), open.err());
        Result flag = run("--probe-auth", "maybe");
        assertEquals(1, flag.code());
        assertTrue(flag.err().contains("SEQLOG_PROBE_AUTH"), flag.err());
    }

    @Test
    void theConsoleSwitchIsAnOptionValidatedLikeItsVariable() {
        String help = run("serve", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--console=on|off"), help);
        assertTrue(help.contains("Default: on. Environment: SEQLOG_CONSOLE."), help);
        Result bad = run("serve", "--console", "maybe");
        assertEquals(1, bad.code());
        assertEquals("seqlog: invalid configuration: SEQLOG_CONSOLE must be on or off; 1, true, 0 and false also work"
                + " (got \"maybe\")", bad.err().strip());
        assertEquals(bad.err(), run(Map.of("SEQLOG_CONSOLE", "maybe")).err(), "same message either way");
    }

    @Test
    void restoreIsListedAndNeedsItsTarget() {
        assertTrue(run("--help").out().contains("restore"));
        assertTrue(run("restore", "--help").out().contains("--data-dir=DIR"));
        Result r = run("restore", "a.tar");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--data-dir"), r.err());
    }
}
