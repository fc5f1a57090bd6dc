package dev.seqlog.bench.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the seqlog server with just what W4 and IDLE call: health, topic PUT and DELETE, single-record
 * appends, {@code POST /v0/watch} and the event stream of §8 — chunked or raw until close, each frame written
 * in two pieces at a random point (in chunked mode, as two chunks), frames alternating LF and CRLF line ends
 * and {@code data:} with and without a space. One topic; a thread per connection. Thread-safe.
 */
final class FakeWatchServer implements AutoCloseable {
    /** How the event stream's body is framed. */
    enum Framing { CHUNKED, RAW }

    private static final long HEARTBEAT_MS = 200;

    private final ServerSocket server;
    private final Framing framing;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger wids = new AtomicInteger();
    private final AtomicInteger streamsServed = new AtomicInteger();
    private final List<String> records = new ArrayList<>(); // guarded by this: data of seq i + 1 at i
    private volatile int refuseStreamsWith;
    private volatile int terminalErrorAfterFrames = -1;
    private volatile boolean closed;

    FakeWatchServer(Framing framing) throws IOException {
        this.framing = framing;
        this.server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        daemon(this::accept, "fake-accept").start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Answers every {@code GET /v0/watch/<wid>} with this status and an error body instead of a stream. */
    void refuseStreamsWith(int status) {
        refuseStreamsWith = status;
    }

    /** Ends every stream with a terminal {@code error} frame after this many record frames. */
    void terminalErrorAfterFrames(int frames) {
        terminalErrorAfterFrames = frames;
    }

    /** @return streams that got a 200 head */
    int streamsServed() {
        return streamsServed.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                daemon(() -> serve(s), "fake-conn").start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                String requestLine = readLine(in);
                if (requestLine == null) {
                    return;
                }
                int length = 0;
                for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
                    if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring(15).trim());
                    }
                }
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                String[] parts = requestLine.split(" ");
                String method = parts[0];
                String path = parts[1];
                if (method.equals("GET") && path.startsWith("/v0/watch/")) {
                    stream(path.substring("/v0/watch/".length()), out);
                    return;
                }
                route(method, path, body, out);
            }
        } catch (IOException | InterruptedException e) {
            // The client went away or the fake is closing.
        } finally {
            sockets.remove(s);
        }
    }

    private void route(String method, String path, String body, OutputStream out) throws IOException {
        if (path.equals("/v0/health")) {
            respond(out, 200, "{\"status\":\"ok\"}");
        } else if (method.equals("PUT") && path.startsWith("/v0/topics/")) {
            synchronized (this) {
                records.clear();
            }
            respond(out, 201, "{}");
        } else if (method.equals("DELETE") && path.startsWith("/v0/topics/")) {
            respond(out, 200, "{}");
        } else if (method.equals("POST") && path.startsWith("/v0/topics/")) {
            // {"records":[{"data":DATA}]}: one record, as W4's senders write
            String data = body.substring(body.indexOf("\"data\":") + 7, body.length() - 3);
            long seq;
            synchronized (this) {
                records.add(data);
                seq = records.size();
                notifyAll();
            }
            respond(out, 200, "{\"first_seq\":" + seq + ",\"last_seq\":" + seq + ",\"head_seq\":" + seq
                    + ",\"count\":1}");
        } else if (method.equals("POST") && path.equals("/v0/watch")) {
            String topic = body.substring(body.indexOf("{\"topics\":{\"") + 12);
            topic = topic.substring(0, topic.indexOf('"'));
            long from;
            synchronized (this) {
                from = body.contains("\"tail\":true") ? records.size() : 0;
            }
            String wid = "wid_" + wids.incrementAndGet();
            sessions.put(wid, from);
            respond(out, 200, "{\"wid\":\"" + wid + "\",\"stream_url\":\"/v0/watch/" + wid + "\",\"session_ttl_ms\":"
                    + "300000,\"topics\":{\"" + topic + "\":{\"from_seq\":" + from + ",\"head_seq\":" + from
                    + ",\"earliest_seq\":1}}}");
        } else {
            respond(out, 404, "{\"error\":{\"code\":\"not_found\"}}");
        }
    }

    private void stream(String wid, OutputStream out) throws IOException, InterruptedException {
        Long start = sessions.get(wid);
        int refuse = refuseStreamsWith;
        if (start == null || refuse != 0) {
            respond(out, start == null ? 404 : refuse, "{\"error\":{\"code\":\"throttled\"}}");
            return;
        }
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n"
                + (framing == Framing.CHUNKED ? "Transfer-Encoding: chunked\r\n" : "Connection: close\r\n")
                + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        streamsServed.incrementAndGet();
        Random random = new Random(wid.hashCode());
        long cursor = start;
        send(out, random, "retry: 2000\n\n: hb " + System.currentTimeMillis() + "\n\n");
        send(out, random, "id: " + id(cursor) + "\nevent: caught-up\ndata: {\"topic\":\"t\",\"head_seq\":" + cursor
                + "}\n\n");
        int frames = 0;
        while (!closed) {
            List<String> batch = new ArrayList<>();
            long head;
            synchronized (this) {
                if (records.size() <= cursor) {
                    wait(HEARTBEAT_MS);
                }
                head = records.size();
                for (long s = cursor; s < head && batch.size() < SseTail.FRAME_LIMIT; s++) {
                    batch.add(records.get((int) s));
                }
            }
            if (batch.isEmpty()) {
                send(out, random, ": hb " + System.currentTimeMillis() + "\n\n");
                continue;
            }
            StringBuilder json = new StringBuilder("{\"topic\":\"t\",\"records\":[");
            for (int k = 0; k < batch.size(); k++) {
                json.append(k == 0 ? "" : ",").append("{\"$seq\":").append(cursor + k + 1).append(",\"$ts\":0,\"data\":")
                        .append(batch.get(k)).append('}');
            }
            long to = cursor + batch.size();
            json.append("],\"from_seq\":").append(cursor).append(",\"to_seq\":").append(to).append(",\"head_seq\":")
                    .append(head).append('}');
            cursor = to;
            String eol = frames % 2 == 0 ? "\n" : "\r\n";
            send(out, random, "id: " + id(cursor) + eol + "event: record" + eol + (frames % 2 == 0 ? "data: " : "data:")
                    + json + eol + eol);
            frames++;
            if (terminalErrorAfterFrames >= 0 && frames >= terminalErrorAfterFrames) {
                send(out, random, "event: error\ndata: {\"code\":409,\"error\":\"superseded\",\"kind\":\"superseded\","
                        + "\"terminal\":true}\n\n");
                if (framing == Framing.CHUNKED) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                return;
            }
        }
    }

    /** Writes the text in two pieces split at a random point, flushing each (in chunked mode, a chunk each). */
    private void send(OutputStream out, Random random, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int cut = 1 + random.nextInt(b.length - 1);
        piece(out, b, 0, cut);
        piece(out, b, cut, b.length - cut);
    }

    private void piece(OutputStream out, byte[] b, int off, int len) throws IOException {
        if (framing == Framing.CHUNKED) {
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(b, off, len);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            out.write(b, off, len);
        }
        out.flush();
    }

    private static String id(long cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"t\":" + cursor + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(OutputStream out, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return null;
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        synchronized (this) {
            notifyAll();
        }
    }
}
