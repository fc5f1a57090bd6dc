package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;

import java.util.Locale;

/**
 * The {@code Accept} check of an SSE stream (API §8.3): absent, {@code *}{@code /*}, {@code text/*} or any list
 * naming {@code text/event-stream} is accepted; anything else is 406. Stateless.
 */
final class StreamAccept {
    private StreamAccept() {
    }

    static void require(String accept) {
        if (accept == null || accept.isBlank()) {
            return;
        }
        for (String range : accept.split(",")) {
            int semi = range.indexOf(';');
            String type = (semi < 0 ? range : range.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
            if (type.equals("text/event-stream") || type.equals("text/*") || type.equals("*/*")) {
                return;
            }
        }
        throw new SeqlogException(ErrorCode.NOT_ACCEPTABLE, "this endpoint answers text/event-stream only")
                .with("accept", "text/event-stream");
    }
}
