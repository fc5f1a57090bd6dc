package dev.seqlog.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayOutputStream;
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
 * with {@code --until-caught-up} until every topic has reached its head. Confined to the caller.
 */
@Command(name = "tail", description = {"Follow topics over one watch stream (POST /v0/watch, GET /v0/watch/WID) "
        + "and print their records as NDJSON, each with its \"$topic\".",
    "A tombstone is a {\"$tombstone\":{...}} line, a deleted topic a {\"$deleted\":{...}} line. Runs until "
        + "interrupted, until every topic is deleted, or with --until-caught-up until all are caught up."})
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

    TailCommand(Streams io) {
        super(io);
    }

    @Override
    public Integer call() throws IOException {
        Map<String, String> start = starts();
        ApiClient api = client();
        Map<String, byte[]> session = Jsons.fields(api.post("/watch", request(start)));
        String wid = Jsons.string(session.get("wid"));
        if (wid == null) {
            throw new CliFailure("the server's answer has no wid");
        }
        Set<String> live = new LinkedHashSet<>(start.keySet());
        Set<String> behind = new LinkedHashSet<>(start.keySet());
        // an interrupt (SIGINT) is how a tail is meant to end: exit 0 once what was read is printed
        Thread hook = new Thread(() -> {
            io.out().flush();
            Runtime.getRuntime().halt(0);
        }, "seqlog-tail-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        try (InputStream in = api.stream("/watch/" + ApiClient.segment(wid))) {
            SseFrames frames = new SseFrames(in);
            SseFrames.Frame f;
            while ((f = frames.next()) != null) {
                Map<String, byte[]> data = Jsons.fields(f.data());
                String topic = Jsons.string(data.getOrDefault("topic", new byte[0]));
                switch (f.event()) {
                    case "record" -> records(topic, data.get("records"));
                    case "tombstone" -> line("{\"$tombstone\":", f.data());
                    case "topic-deleted" -> {
                        line("{\"$deleted\":", f.data());
                        live.remove(topic);
                        behind.remove(topic);
                    }
                    case "caught-up" -> behind.remove(topic);
                    case "error" -> {
                        if ("true".equals(Jsons.text(data.getOrDefault("terminal", new byte[0])))) {
                            throw new CliFailure("watch stream ended: " + Jsons.text(f.data()));
                        }
                    }
                    default -> {
                        // a frame type this client does not know carries nothing it must print
                    }
                }
                io.out().flush();
                if (live.isEmpty() || (untilCaughtUp && behind.isEmpty())) {
                    return 0;
                }
            }
            throw new CliFailure("the server closed the watch stream");
        } catch (IOException e) {
            throw new CliFailure("watch stream broken: " + e.getMessage());
        } finally {
            io.out().flush();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running and decides the status
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

    private static byte[] request(Map<String, String> start) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("{\"include_tags\":true,\"topics\":{".getBytes(StandardCharsets.UTF_8));
        boolean first = true;
        for (Map.Entry<String, String> e : start.entrySet()) {
            if (!first) {
                b.write(',');
            }
            first = false;
            b.writeBytes(Jsons.quote(e.getKey()));
            String opt = e.getValue().equals("tail") ? ":{\"tail\":true}" : ":{\"from_seq\":" + e.getValue() + "}";
            b.writeBytes(opt.getBytes(StandardCharsets.UTF_8));
        }
        b.writeBytes("}}".getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    /** Each record as the server sent it, with {@code "$topic"} spliced in as its first field. */
    private void records(String topic, byte[] array) {
        byte[] prefix = ("{\"$topic\":" + new String(Jsons.quote(topic), StandardCharsets.UTF_8) + ",")
                .getBytes(StandardCharsets.UTF_8);
        for (byte[] r : Jsons.elements(array)) {
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
