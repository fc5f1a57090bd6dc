package dev.seqlog.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code topics list}: every topic (following the pages), one JSON object per line. Confined to the caller. */
@Command(name = "list", description = "List topics, one JSON object per line (GET /v0/topics, every page).")
final class TopicsListCommand extends ClientCommand implements Callable<Integer> {
    @Option(names = "--prefix", paramLabel = "PREFIX",
            description = "Only topics whose name starts with PREFIX. Default: every topic.")
    private String prefix;

    TopicsListCommand(Streams io) {
        super(io);
    }

    @Override
    public Integer call() {
        ApiClient api = client();
        String cursor = null;
        do {
            StringBuilder q = new StringBuilder("/topics?page_size=1000");
            if (prefix != null) {
                q.append("&prefix=").append(URLEncoder.encode(prefix, StandardCharsets.UTF_8));
            }
            if (cursor != null) {
                q.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            }
            var page = Jsons.fields(api.get(q.toString()));
            for (byte[] topic : Jsons.elements(page.get("topics"))) {
                io.out().write(topic, 0, topic.length);
                io.out().println();
            }
            byte[] next = page.get("next_cursor");
            cursor = Jsons.isNull(next) ? null : Jsons.string(next);
        } while (cursor != null);
        io.out().flush();
        return 0;
    }
}
