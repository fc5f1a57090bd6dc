package dev.seqlog.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code tail TOPIC...}: follows several topics over one watch stream (API §8) and prints each record as one
 * JSON line that names its topic, {@code {"$topic":"t","$seq":...}}. A tombstone is printed as
 * {@code {"$tombstone":{...}}} and a topic's deletion as {@code {"$deleted":{...}}}, the frame's own data,
 * so a gap or an end is never silent. Runs until every topic is deleted, until interrupted (exit 0), or
 * with {@code --until-caught-up} until every topic has reached its head. A stream that drops (a restart, a
 * reset connection, a proxy's timeout) is reopened after a growing pause, one stderr line per attempt, and
 * resumes each topic after what was printed ({@link TailSession}); only an answer that no retry can change
 * ends the tail with a failure. Confined to the caller.
 */
@Command(name = "tail", description = {"Follow topics over one watch stream (POST /v0/watch, GET /v0/watch/WID) "
        + "and print their records as NDJSON, each with its \"$topic\".",
    "A tombstone is a {\"$tombstone\":{...}} line, a deleted topic a {\"$deleted\":{...}} line. Runs until "
        + "interrupted, until every topic is deleted, or with --until-caught-up until all are caught up.",
    "A dropped stream is reopened (pauses from 100 ms doubling to 5 s) and resumes after the last record "
        + "printed, so none is printed twice or skipped."})
final class TailCommand extends ClientCommand implements Callable<Integer> {
    @Parameters(index = "0..*", arity = "1..*", paramLabel = "TOPIC", description = "The topics.")
    private List<String> topics;

    @Option(names = "--from", paramLabel = "FROM", split = ",", defaultValue = "tail",
            description = "Where to start: 'tail' (only records written from now on), 'start' (from the "
                    + "beginning) or a SEQ (records after it), for every topic, or TOPIC=FROM for one topic; "
                    + "comma-separated or repeated. Default: tail.")
    private List<String> from;

    @Option(names = "--until-caught-up", description = "Stop once every topic has reached its head.")
    private boolean untilCaughtUp;

    private final Backoff.Sleeper pause;

    TailCommand(Streams io, Backoff.Sleeper pause) {
        super(io);
        this.pause = pause;
    }

    @Override
    public Integer call() {
        Map<String, String> start = starts();
        TailSession session = new TailSession(client());
        Set<String> behind = new LinkedHashSet<>(start.keySet());
        // an interrupt (SIGINT) is how a tail is meant to end: exit 0 once what was read is printed
        Thread hook = new Thread(() -> {
            io.out().flush();
            Runtime.getRuntime().halt(0);
        }, "seqlog-tail-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            // the first session must work: a wrong URL, key or topic is reported, not retried
            InputStream stream = session.open(start);
            Backoff backoff = new Backoff();
            String dropped;
            while ((dropped = follow(stream, session, behind)) != null) {
                stream = reconnect(session, backoff, dropped);
            }
            return 0;
        } catch (InterruptedException e) {
            return 0;
        } catch (CliFailure e) {
            if (Thread.currentThread().isInterrupted()) {
                return 0; // the failure is the interrupted call's, not the server's
            }
            throw e;
        } finally {
            io.out().flush();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running and decides the status
            }
        }
    }

    /**
     * Prints the frames of one stream until the tail is done or the stream ends.
     *
     * @return null when the tail is done, else why the stream ended
     */
    private String follow(InputStream stream, TailSession session, Set<String> behind) {
        try (InputStream in = stream) {
            SseFrames frames = new SseFrames(in);
            SseFrames.Frame f;
            while ((f = frames.next()) != null) {
                Map<String, byte[]> data = Jsons.fields(f.data());
                String topic = Jsons.string(data.getOrDefault("topic", new byte[0]));
                switch (f.event()) {
                    case "record" -> records(session, topic, data.get("records"));
                    case "tombstone" -> line("{\"$tombstone\":", f.data());
                    case "topic-deleted" -> {
                        line("{\"$deleted\":", f.data());
                        session.deleted(topic);
                        behind.remove(topic);
                    }
                    case "caught-up" -> behind.remove(topic);
                    case "error" -> {
                        if ("true".equals(Jsons.text(data.getOrDefault("terminal", new byte[0])))) {
                            return ended(session, Jsons.string(data.getOrDefault("kind", new byte[0])), f.data());
                        }
                    }
                    default -> {
                        // a frame type this client does not know carries nothing it must print
                    }
                }
                session.handled(f.id());
                io.out().flush();
                if (session.topics().isEmpty() || (untilCaughtUp && behind.isEmpty())) {
                    return null;
                }
            }
            return "the server closed the stream";
        } catch (IOException e) {
            return "connection lost: " + e.getMessage();
        }
    }

    /** A terminal error frame (API §8.5): why the stream ended, or a failure if following again cannot help. */
    private static String ended(TailSession session, String kind, byte[] frame) {
        if ("superseded".equals(kind)) {
            // another reader took this session over: taking it back would only start a tug of war
            throw new CliFailure("watch stream ended: " + Jsons.text(frame));
        }
        if ("session_gone".equals(kind)) {
            session.forget();
        }
        return kind == null ? "error frame" : kind;
    }

    /**
     * Opens a stream again, pausing before each attempt. A server that is down, restarting or overloaded is
     * waited for; an answer that cannot change on retry (400, 401, 403, a topic gone) ends the tail.
     */
    private InputStream reconnect(TailSession session, Backoff backoff, String dropped)
            throws InterruptedException {
        String why = "stream dropped (" + dropped + "), reconnecting";
        while (true) {
            long ms = backoff.next();
            io.err().println("seqlog tail: " + why + " in " + ms + " ms");
            io.err().flush();
            pause.sleep(ms);
            try {
                InputStream stream = session.reopen();
                backoff.reset();
                return stream;
            } catch (ApiFailure f) {
                if (!f.retryable() || Thread.currentThread().isInterrupted()) {
                    throw f;
                }
                why = "reconnect failed (" + f.getMessage() + "), retrying";
            }
        }
    }

    /** Each topic's starting point ({@code tail} or a seq), checked before anything is sent. */
    private Map<String, String> starts() {
        String all = "tail";
        Map<String, String> one = new LinkedHashMap<>();
        for (String f : from) {
            int eq = f.lastIndexOf('=');
            String where = eq < 0 ? f : f.substring(eq + 1);
            String value = where.equals("start") ? "0" : where;
            if (!value.equals("tail") && !value.matches("[0-9]{1,18}")) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--from': '" + f
                        + "' is not tail, start, a seq or TOPIC=one of them");
            }
            if (eq < 0) {
                all = value;
            } else if (!topics.contains(f.substring(0, eq))) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--from': '"
                        + f.substring(0, eq) + "' is not one of the topics");
            } else {
                one.put(f.substring(0, eq), value);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : topics) {
            out.put(t, one.getOrDefault(t, all));
        }
        return out;
    }

    /** Each record as the server sent it, with {@code "$topic"} spliced in as its first field. */
    private void records(TailSession session, String topic, byte[] array) {
        byte[] prefix = ("{\"$topic\":" + new String(Jsons.quote(topic), StandardCharsets.UTF_8) + ",")
                .getBytes(StandardCharsets.UTF_8);
        for (byte[] r : Jsons.elements(array)) {
            if (!session.fresh(topic, Jsons.number(Jsons.fields(r).get("$seq"), "$seq"))) {
                continue; // printed before the stream dropped
            }
            int open = 0;
            while (open < r.length && r[open] != '{') {
                open++;
            }
            io.out().write(prefix, 0, prefix.length);
            io.out().write(r, open + 1, r.length - open - 1);
            io.out().println();
        }
    }

    private void line(String before, byte[] value) {
        io.out().print(before);
        io.out().write(value, 0, value.length);
        io.out().println('}');
    }
}
