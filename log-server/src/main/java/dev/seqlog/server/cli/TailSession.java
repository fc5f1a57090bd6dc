package dev.seqlog.server.cli;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The watch session a tail follows (API §8) and where each of its topics stands, so that a dropped stream is
 * picked up again with no record printed twice and none skipped. A topic's position is the seq up to which
 * everything was printed or passed over (skipped seqs, a tombstone's gap): the highest of the seqs printed
 * and of the frame ids (composite cursors, §8.4) handled. Reopening the same session sends the positions as
 * {@code Last-Event-ID}, which can only rewind what the server recorded as handed out, so frames lost with the
 * connection come again; when the session is gone (a restart, its TTL), a new one starts each topic at its
 * position. Confined to the tail's thread.
 */
final class TailSession {
    private static final int NOT_FOUND = 404;

    private final ApiClient api;
    /** Per topic still followed, in the order given. */
    private final Map<String, Long> positions = new LinkedHashMap<>();
    private String wid;

    TailSession(ApiClient api) {
        this.api = api;
    }

    /**
     * Creates the session and opens its stream; the answer tells where each topic starts ({@code tail} resolved
     * to the head at that moment), which is where a new session would start if this one were lost at once.
     *
     * @param from per topic, {@code tail} or a seq to start after
     * @throws ApiFailure if either call fails
     */
    InputStream open(Map<String, String> from) {
        create(from);
        return api.stream(streamPath(), null);
    }

    /**
     * Opens the stream again: this session's if the server still has it, else a new session's.
     *
     * @throws ApiFailure if a call fails (a 404 for the session excepted: that one is answered by a new session)
     */
    InputStream reopen() {
        if (wid != null) {
            try {
                return api.stream(streamPath(), lastEventId());
            } catch (ApiFailure f) {
                if (f.status() != NOT_FOUND) {
                    throw f;
                }
                wid = null; // unknown or expired session (§8.3): start a new one where each topic stands
            }
        }
        Map<String, String> from = new LinkedHashMap<>();
        positions.forEach((topic, seq) -> from.put(topic, Long.toString(seq)));
        create(from);
        return api.stream(streamPath(), null);
    }

    /** The server said the session no longer exists: the next reopen creates one. */
    void forget() {
        wid = null;
    }

    /** @return the topics still followed */
    Set<String> topics() {
        return positions.keySet();
    }

    /** The topic's instance was deleted: it is no longer followed, here or in a new session. */
    void deleted(String topic) {
        positions.remove(topic);
    }

    /**
     * Whether a record is new, that is above its topic's position; if so the position moves to it, as the
     * caller prints it. Guards against any replay, whatever the server resumed from.
     */
    boolean fresh(String topic, long seq) {
        Long at = positions.get(topic);
        if (at == null || seq <= at) {
            return false;
        }
        positions.put(topic, seq);
        return true;
    }

    /** A frame was handled: its id, if any, moves each topic it names (never back). Undecodable ids are ignored. */
    void handled(String id) {
        if (id == null) {
            return;
        }
        Map<String, byte[]> cursors;
        try {
            cursors = Jsons.fields(Base64.getUrlDecoder().decode(id.strip()));
        } catch (IllegalArgumentException | CliFailure e) {
            return;
        }
        cursors.forEach((topic, raw) -> {
            Long at = positions.get(topic);
            if (at != null) {
                try {
                    positions.put(topic, Math.max(at, Long.parseLong(Jsons.text(raw))));
                } catch (NumberFormatException e) {
                    // not a seq: this entry says nothing about where the topic stands
                }
            }
        });
    }

    /** Every position as a composite cursor (§8.4): keys in ascending order, unpadded base64url. */
    private String lastEventId() {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        json.write('{');
        for (Map.Entry<String, Long> e : new TreeMap<>(positions).entrySet()) {
            if (json.size() > 1) {
                json.write(',');
            }
            json.writeBytes(Jsons.quote(e.getKey()));
            json.writeBytes((":" + e.getValue()).getBytes(StandardCharsets.UTF_8));
        }
        json.write('}');
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.toByteArray());
    }

    private void create(Map<String, String> from) {
        Map<String, byte[]> answer = Jsons.fields(api.post("/watch", request(from)));
        wid = Jsons.string(answer.getOrDefault("wid", new byte[0]));
        if (wid == null) {
            throw new CliFailure("the server's answer has no wid");
        }
        Map<String, byte[]> started = Jsons.fields(answer.getOrDefault("topics", new byte[] {'{', '}'}));
        for (String topic : from.keySet()) {
            byte[] at = started.getOrDefault(topic, new byte[] {'{', '}'});
            positions.merge(topic, Jsons.number(Jsons.fields(at).get("from_seq"), "from_seq"), Math::max);
        }
    }

    private String streamPath() {
        return "/watch/" + ApiClient.segment(wid);
    }

    private static byte[] request(Map<String, String> from) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("{\"include_tags\":true,\"topics\":{".getBytes(StandardCharsets.UTF_8));
        boolean first = true;
        for (Map.Entry<String, String> e : from.entrySet()) {
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
}
