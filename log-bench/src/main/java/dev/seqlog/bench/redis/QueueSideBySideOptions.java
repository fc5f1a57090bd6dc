package dev.seqlog.bench.redis;

import dev.seqlog.bench.Flags;
import dev.seqlog.bench.queue.QueueOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The queue side-by-side's validated command line: its own flags, and the points and counts of
 * {@link QueueOptions}. Immutable and thread-safe once parsed.
 *
 * @param rounds rounds of every point; the table shows the median
 * @param kinds the servers to run
 * @param redisXdel whether Redis workers also {@code XDEL} what they {@code XACK}
 * @param serverJar the seqlog server jar
 * @param redisServer the {@code redis-server} executable
 * @param queue the points, counts and budgets
 */
record QueueSideBySideOptions(int rounds, Set<QueueSide.Kind> kinds, boolean redisXdel, Path serverJar,
                              String redisServer, QueueOptions queue) {

    /** The usage text. */
    static final String USAGE = String.join("\n",
            "usage: QueueSideBySide [options]",
            "  --rounds N                 rounds of every point, median reported; default 3 (1 with --quick)",
            "  --sides redis,http,inproc  which sides to run; default all three",
            "  --redis-xdel               Redis workers XDEL what they XACK, in the same pipeline (a seqlog ack",
            "                             deletes the job); default off",
            "  --server-jar PATH          default log-server/target/seqlog-server.jar",
            "  --redis-server PATH        default redis-server (from PATH)",
            QueueOptions.USAGE);

    QueueSideBySideOptions {
        kinds = Collections.unmodifiableSet(EnumSet.copyOf(kinds));
    }

    /**
     * @param args the command line
     * @param defaultDir the parent of the throw-away directories unless {@code --dir} is given
     * @return the options
     * @throws IllegalArgumentException with a message for the user on any invalid input
     */
    static QueueSideBySideOptions parse(String[] args, Path defaultDir) {
        Integer rounds = null;
        Set<QueueSide.Kind> kinds = EnumSet.allOf(QueueSide.Kind.class);
        boolean xdel = false;
        Path jar = Path.of("log-server", "target", "seqlog-server.jar");
        String redis = "redis-server";
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--redis-xdel" -> xdel = true;
                case "--quick" -> rest.add(a);
                case "--rounds", "--sides", "--server-jar", "--redis-server" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--rounds" -> rounds = Flags.positive(a, v);
                        case "--sides" -> kinds = kinds(v);
                        case "--server-jar" -> jar = Path.of(v);
                        default -> redis = v;
                    }
                }
                default -> {
                    rest.add(a); // QueueOptions says whether it knows the flag
                    if (i + 1 < args.length) {
                        rest.add(args[++i]);
                    }
                }
            }
        }
        QueueOptions queue = QueueOptions.parse(rest, defaultDir);
        return new QueueSideBySideOptions(rounds != null ? rounds : queue.quick() ? 1 : 3, kinds, xdel, jar, redis,
                queue);
    }

    private static Set<QueueSide.Kind> kinds(String v) {
        Set<QueueSide.Kind> out = EnumSet.noneOf(QueueSide.Kind.class);
        for (String s : v.split(",")) {
            out.add(QueueSide.Kind.parse(s));
        }
        return out;
    }
}
