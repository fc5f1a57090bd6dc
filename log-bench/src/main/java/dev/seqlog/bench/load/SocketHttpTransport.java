package dev.seqlog.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client: one keep-alive socket per {@link HttpConnection}, Content-Length and chunked
 * responses, reconnect after {@code Connection: close}. Thread-safe as a factory; each connection is
 * confined to one thread.
 */
final class SocketHttpTransport implements HttpTransport {
    private final String host;
    private final int port;
    private final String hostHeader;
    private final String authorization;

    SocketHttpTransport(String host, int port, String apiKey) {
        this.host = socketHost(host);
        this.port = port;
        this.hostHeader = hostHeader(host, port);
        this.authorization = authorization(apiKey);
    }

    /** @return the host as a socket address wants it: an IPv6 literal without brackets */
    static String socketHost(String host) {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** @return the {@code Host} header value: an IPv6 literal in brackets, then the port */
    static String hostHeader(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** @return the {@code Authorization} header value for the key, or null for none */
    static String authorization(String apiKey) {
        return apiKey == null ? null : "Bearer " + apiKey;
    }

    @Override
    public HttpConnection open() throws IOException {
        return new Conn();
    }

    @Override
    public void close() {
    }

    /**
     * One socket; confined to one thread. Responses are read through its own buffer, header lines scanned in
     * place without a string per byte, so the client's CPU per request stays small next to the server's (both
     * share the machine in a benchmark).
     */
    private final class Conn implements HttpConnection {
        private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.ISO_8859_1);
        private static final byte[] TRANSFER_ENCODING = "transfer-encoding:".getBytes(StandardCharsets.ISO_8859_1);
        private static final byte[] CONNECTION = "connection:".getBytes(StandardCharsets.ISO_8859_1);

        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private byte[] body = new byte[64 * 1024];
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int lim;
        /** Start and end (before CR LF) of the line {@link #nextLine} found, in {@link #buf}. */
        private int lineStart;
        private int lineEnd;
        private byte[] request = new byte[8192];
        private final java.util.Map<String, byte[]> heads = new java.util.HashMap<>();

        Conn() throws IOException {
            connect();
        }

        private void connect() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(60_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            pos = 0;
            lim = 0;
        }

        /** The request line and fixed headers of a method, path and body presence, made once. */
        private byte[] head(String method, String path, boolean hasBody) {
            return heads.computeIfAbsent(method + ' ' + path + ' ' + hasBody, k -> {
                StringBuilder sb = new StringBuilder(160);
                sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(hostHeader)
                        .append("\r\n");
                if (authorization != null) {
                    sb.append("Authorization: ").append(authorization).append("\r\n");
                }
                if (hasBody) {
                    sb.append("Content-Type: application/json\r\n");
                }
                sb.append("Content-Length: ");
                return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            });
        }

        @Override
        public Response exchange(String method, String path, byte[] reqBody, int bodyLength) throws IOException {
            if (socket == null) {
                connect();
            }
            int len = reqBody == null ? 0 : bodyLength;
            byte[] h = head(method, path, reqBody != null);
            byte[] digits = Integer.toString(len).getBytes(StandardCharsets.ISO_8859_1);
            int headLength = h.length + digits.length + 4;
            // one write, so the head and a small body leave in one segment
            int total = headLength + (len < 8192 ? len : 0);
            if (request.length < total) {
                request = new byte[Math.max(total, request.length * 2)];
            }
            System.arraycopy(h, 0, request, 0, h.length);
            System.arraycopy(digits, 0, request, h.length, digits.length);
            int at = h.length + digits.length;
            request[at++] = '\r';
            request[at++] = '\n';
            request[at++] = '\r';
            request[at++] = '\n';
            if (len < 8192) {
                if (len > 0) {
                    System.arraycopy(reqBody, 0, request, at, len);
                }
                out.write(request, 0, total);
            } else {
                out.write(request, 0, headLength);
                out.write(reqBody, 0, len);
            }
            out.flush();
            return readResponse(method);
        }

        private Response readResponse(String method) throws IOException {
            nextLine();
            if (lineEnd - lineStart < 12 || !startsWith("HTTP/1.")) {
                throw new IOException("bad status line: " + line());
            }
            int code = (buf[lineStart + 9] - '0') * 100 + (buf[lineStart + 10] - '0') * 10
                    + (buf[lineStart + 11] - '0');
            boolean close = buf[lineStart + 7] == '0';
            long contentLength = -1;
            boolean chunked = false;
            for (nextLine(); lineEnd > lineStart; nextLine()) {
                if (headerIs(CONTENT_LENGTH)) {
                    contentLength = Long.parseLong(value(CONTENT_LENGTH));
                } else if (headerIs(TRANSFER_ENCODING)) {
                    chunked = value(TRANSFER_ENCODING).toLowerCase(Locale.ROOT).contains("chunked");
                } else if (headerIs(CONNECTION)) {
                    close = value(CONNECTION).equalsIgnoreCase("close");
                }
            }
            int n = 0;
            if (method.equals("HEAD") || code == 204 || code == 304) {
                n = 0;
            } else if (chunked) {
                while (true) {
                    nextLine();
                    String sizeLine = line();
                    int semi = sizeLine.indexOf(';');
                    int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                    if (size == 0) {
                        do {
                            nextLine(); // trailers
                        } while (lineEnd > lineStart);
                        break;
                    }
                    ensure(n + size);
                    readFully(body, n, size);
                    n += size;
                    nextLine();
                }
            } else if (contentLength >= 0) {
                if (contentLength > Integer.MAX_VALUE - 16) {
                    throw new IOException("response too large: " + contentLength);
                }
                ensure((int) contentLength);
                readFully(body, 0, (int) contentLength);
                n = (int) contentLength;
            } else {
                // body delimited by close
                while (fill()) {
                    int r = lim - pos;
                    ensure(n + r);
                    System.arraycopy(buf, pos, body, n, r);
                    n += r;
                    pos = lim;
                }
                close = true;
            }
            if (close) {
                closeSocket();
            }
            return new Response(code, body, n);
        }

        /** Reads more into the buffer when it is used up; false at the end of the stream. */
        private boolean fill() throws IOException {
            if (pos < lim) {
                return true;
            }
            int r = in.read(buf, 0, buf.length);
            if (r < 0) {
                return false;
            }
            pos = 0;
            lim = r;
            return true;
        }

        /** Finds the next line in the buffer (a line never spans more than the buffer). */
        private void nextLine() throws IOException {
            if (pos > 0 && pos == lim) {
                pos = 0;
                lim = 0;
            }
            int scanned = pos;
            while (true) {
                for (int i = scanned; i < lim; i++) {
                    if (buf[i] == '\n') {
                        lineStart = pos;
                        lineEnd = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                        pos = i + 1;
                        return;
                    }
                }
                scanned = lim;
                if (lim == buf.length) {
                    if (pos == 0) {
                        throw new IOException("response header line longer than " + buf.length + " bytes");
                    }
                    System.arraycopy(buf, pos, buf, 0, lim - pos);
                    scanned -= pos;
                    lim -= pos;
                    pos = 0;
                }
                int r = in.read(buf, lim, buf.length - lim);
                if (r < 0) {
                    throw new EOFException("connection closed by server");
                }
                lim += r;
            }
        }

        private boolean startsWith(String prefix) {
            if (lineEnd - lineStart < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (buf[lineStart + i] != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** Whether the current line is the header {@code name} (lowercase, with its colon), in any case. */
        private boolean headerIs(byte[] name) {
            if (lineEnd - lineStart < name.length) {
                return false;
            }
            for (int i = 0; i < name.length; i++) {
                byte b = buf[lineStart + i];
                if (b >= 'A' && b <= 'Z') {
                    b += 'a' - 'A';
                }
                if (b != name[i]) {
                    return false;
                }
            }
            return true;
        }

        private String value(byte[] name) {
            return new String(buf, lineStart + name.length, lineEnd - lineStart - name.length,
                    StandardCharsets.ISO_8859_1).trim();
        }

        private String line() {
            return new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1);
        }

        private void ensure(int capacity) {
            if (capacity > body.length) {
                body = Arrays.copyOf(body, Math.max(capacity, body.length * 2));
            }
        }

        /** Copies what the buffer holds first, then reads the rest straight into {@code b}. */
        private void readFully(byte[] b, int off, int len) throws IOException {
            int have = Math.min(len, lim - pos);
            if (have > 0) {
                System.arraycopy(buf, pos, b, off, have);
                pos += have;
                off += have;
                len -= have;
            }
            while (len > 0) {
                int r = in.read(b, off, len);
                if (r < 0) {
                    throw new EOFException("connection closed inside a response body");
                }
                off += r;
                len -= r;
            }
        }

        private void closeSocket() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // nothing to recover: the next exchange reconnects
            }
            socket = null;
        }

        @Override
        public void close() {
            closeSocket();
        }
    }
}
