package dev.seqlog.server.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses the command line (API §13.2): a subcommand ({@code serve} by default, {@code restore},
 * {@code help}, {@code version}) and {@code --name value} / {@code --name=value} options, each the
 * equivalent of one SEQLOG_* variable ({@code --data-dir} is {@code SEQLOG_DATA_DIR}). Options
 * override the environment. Keys cannot be passed this way: a command line is visible to every local
 * user. Immutable once parsed.
 *
 * @param command the subcommand
 * @param overrides variable values given as options
 * @param operands positional arguments after the subcommand
 */
public record CommandLine(String command, Map<String, String> overrides, List<String> operands) {
    private static final Set<String> FLAGS = Set.of("SEQLOG_ALLOW_INSECURE_NO_AUTH", "SEQLOG_PROBE_AUTH");

    /** Usage text printed for {@code --help} and after a usage error. */
    public static final String USAGE = String.join("\n",
            "usage: java -jar seqlog-server.jar [serve] [--OPTION VALUE]...",
            "       java -jar seqlog-server.jar restore ARCHIVE --data-dir DIR",
            "",
            "Every SEQLOG_* environment variable has an option: --host, --port, --port-file, --data-dir,",
            "--log-level, --shutdown-grace-ms, --max-body-bytes, ... (SEQLOG_API_KEYS only via the environment).",
            "--allow-insecure-no-auth and --probe-auth may be given without a value.",
            "");

    /**
     * Parses arguments.
     *
     * @param args the arguments
     * @return the parsed command line
     * @throws UsageException for an unknown subcommand or option, or a missing value
     */
    public static CommandLine parse(String[] args) throws UsageException {
        String command = "serve";
        Map<String, String> overrides = new HashMap<>();
        List<String> operands = new ArrayList<>();
        int i = 0;
        if (args.length > 0 && !args[0].startsWith("-")) {
            command = args[0];
            i = 1;
            if (!Set.of("serve", "restore", "help", "version").contains(command)) {
                throw new UsageException("unknown command \"" + command + "\"");
            }
        }
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return new CommandLine("help", Map.of(), List.of());
            }
            if (a.equals("--version")) {
                return new CommandLine("version", Map.of(), List.of());
            }
            if (!a.startsWith("--")) {
                operands.add(a);
                continue;
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            String variable = "SEQLOG_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
            if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))
                    || !ServerConfig.VARIABLES.contains(variable)) {
                throw new UsageException("unknown option --" + name);
            }
            if (variable.equals("SEQLOG_API_KEYS")) {
                throw new UsageException("API keys are read only from the SEQLOG_API_KEYS environment variable");
            }
            if (value == null) {
                boolean hasNext = i + 1 < args.length && !args[i + 1].startsWith("--");
                if (FLAGS.contains(variable) && !hasNext) {
                    value = "1";
                } else if (!hasNext) {
                    throw new UsageException("option --" + name + " needs a value");
                } else {
                    value = args[++i];
                }
            }
            overrides.put(variable, value);
        }
        if (command.equals("serve") && !operands.isEmpty()) {
            throw new UsageException("unexpected argument \"" + operands.get(0) + "\"");
        }
        return new CommandLine(command, Map.copyOf(overrides), List.copyOf(operands));
    }

    /**
     * The environment with this command line's options applied on top.
     *
     * @param env the process environment
     * @return the merged variables
     */
    public Map<String, String> merge(Map<String, String> env) {
        Map<String, String> m = new HashMap<>(env);
        m.putAll(overrides);
        return m;
    }
}
