package dev.seqlog.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code produce TOPIC}: appends the lines of stdin or a file, in batches of {@code --batch} records per
 * request (each batch atomic, API §3), then prints which seqs they got. Each line is a record's payload, or
 * with {@code --records} a whole record object ({@code data}, {@code tag}, {@code node}, {@code meta}).
 * Lines are checked before their batch is sent, so a bad line stops the command with its number and
 * nothing of its batch written. Confined to the caller.
 */
@Command(name = "produce", description = {"Append records to a topic from stdin or a file, one JSON value per line "
        + "(POST /v0/topics/TOPIC), and print the seqs they were given.",
    "Blank lines are skipped. The topic is created on first write unless its config forbids it."})
final class ProduceCommand extends ClientCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic.")
    private String topic;

    @Option(names = "--file", paramLabel = "PATH",
            description = "Read this file instead of stdin. Default: stdin.")
    private Path file;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
            description = "Records per request (at most the server's SEQLOG_MAX_BATCH_RECORDS). Default: 1000.")
    private int batch;

    @Option(names = "--records", description = "Each line is a record object (data, tag, node, meta) in the form "
            + "the API takes, rather than a payload.")
    private boolean records;

    @Option(names = "--tag", paramLabel = "TAG",
            description = "Tag every record with TAG (not with --records). Default: none.")
    private String tag;

    @Option(names = "--node", paramLabel = "NODE",
            description = "Origin node of the records (API §5). Default: none.")
    private String node;

    ProduceCommand(Streams io) {
        super(io);
    }

    @Override
    public Integer call() throws IOException {
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--batch': must be at least 1");
        }
        if (records && tag != null) {
            throw new ParameterException(spec.commandLine(), "--tag cannot be combined with --records "
                    + "(give each record its own tag)");
        }
        ApiClient api = client();
        SeqRanges written = new SeqRanges();
        try (InputStream in = file == null ? io.in() : Files.newInputStream(file)) {
            LineReader lines = new LineReader(new BufferedInputStream(in));
            List<byte[]> pending = new ArrayList<>();
            byte[] line;
            while ((line = lines.next()) != null) {
                if (Jsons.text(line).isEmpty()) {
                    continue;
                }
                String wrong = Jsons.checkValue(line);
                if (wrong == null && records && !Jsons.text(line).startsWith("{")) {
                    wrong = "not a JSON object";
                }
                if (wrong != null) {
                    throw new CliFailure("line " + lines.number() + ": " + wrong + written.soFar(topic));
                }
                pending.add(line);
                if (pending.size() == batch) {
                    send(api, pending, written);
                }
            }
            if (!pending.isEmpty()) {
                send(api, pending, written);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliFailure("no such file: " + file);
        }
        io.out().println(written.summary(topic));
        io.out().flush();
        return 0;
    }

    private void send(ApiClient api, List<byte[]> lines, SeqRanges written) {
        Map<String, byte[]> answer = Jsons.fields(api.post("/topics/" + ApiClient.segment(topic)
                + "?return_seqs=false", body(lines)));
        written.add(Jsons.number(answer.get("first_seq"), "first_seq"), Jsons.number(answer.get("last_seq"),
                "last_seq"));
        lines.clear();
    }

    private byte[] body(List<byte[]> lines) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("{\"records\":[".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                b.write(',');
            }
            if (records) {
                b.writeBytes(lines.get(i));
                continue;
            }
            b.writeBytes("{\"data\":".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            b.writeBytes(lines.get(i));
            if (tag != null) {
                b.writeBytes(",\"tag\":".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                b.writeBytes(Jsons.quote(tag));
            }
            b.write('}');
        }
        b.write(']');
        if (node != null) {
            b.writeBytes(",\"node\":".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            b.writeBytes(Jsons.quote(node));
        }
        b.write('}');
        return b.toByteArray();
    }
}
