package dev.seqlog.bench.load;

import java.io.BufferedInputStream;
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

    /** One socket; confined to one thread. */
    private final class Conn implements HttpConnection {
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private byte[] body = new byte[64 * 1024];
        private final StringBuilder line = new StringBuilder(128);

        Conn() throws IOException {
            connect();
        }

        private void connect() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = socket.getOutputStream();
        }

        @Override
        public Response exchange(String method, String path, byte[] reqBody, int bodyLength) throws IOException {
            if (socket == null) {
                connect();
            }
            StringBuilder sb = new StringBuilder(160);
            sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
            if (authorization != null) {
                sb.append("Authorization: ").append(authorization).append("\r\n");
            }
            int len = reqBody == null ? 0 : bodyLength;
            if (reqBody != null) {
                sb.append("Content-Type: application/json\r\n");
            }
            sb.append("Content-Length: ").append(len).append("\r\n\r\n");
            byte[] h = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            if (len < 8192) {
                // Small request: one write so header and body leave in one segment.
                byte[] all = Arrays.copyOf(h, h.length + len);
                if (len > 0) {
                    System.arraycopy(reqBody, 0, all, h.length, len);
                }
                out.write(all);
            } else {
                out.write(h);
                out.write(reqBody, 0, len);
            }
            out.flush();
            return readResponse(method);
        }

        private Response readResponse(String method) throws IOException {
            String status = readLine();
            if (status.length() < 12 || !status.startsWith("HTTP/1.")) {
                throw new IOException("bad status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long contentLength = -1;
            boolean chunked = false;
            boolean close = status.startsWith("HTTP/1.0");
            for (String l = readLine(); !l.isEmpty(); l = readLine()) {
                int colon = l.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = l.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> contentLength = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            int n = 0;
            if (method.equals("HEAD") || code == 204 || code == 304) {
                n = 0;
            } else if (chunked) {
                while (true) {
                    String sizeLine = readLine();
                    int semi = sizeLine.indexOf(';');
                    int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                    if (size == 0) {
                        while (!readLine().isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    ensure(n + size);
                    readFully(body, n, size);
                    n += size;
                    readLine();
                }
            } else if (contentLength >= 0) {
                if (contentLength > Integer.MAX_VALUE - 16) {
                    throw new IOException("response too large: " + contentLength);
                }
                ensure((int) contentLength);
                readFully(body, 0, (int) contentLength);
                n = (int) contentLength;
            } else {
                // Body delimited by close.
                int r;
                while ((r = in.read()) >= 0) {
                    ensure(n + 1);
                    body[n++] = (byte) r;
                }
                close = true;
            }
            if (close) {
                closeSocket();
            }
            return new Response(code, body, n);
        }

        private void ensure(int capacity) {
            if (capacity > body.length) {
                body = Arrays.copyOf(body, Math.max(capacity, body.length * 2));
            }
        }

        private void readFully(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int r = in.read(b, off, len);
                if (r < 0) {
                    throw new EOFException("connection closed inside a response body");
                }
                off += r;
                len -= r;
            }
        }

        private String readLine() throws IOException {
            line.setLength(0);
            while (true) {
                int c = in.read();
                if (c < 0) {
                    throw new EOFException("connection closed by server");
                }
                if (c == '\n') {
                    int l = line.length();
                    if (l > 0 && line.charAt(l - 1) == '\r') {
                        line.setLength(l - 1);
                    }
                    return line.toString();
                }
                line.append((char) c);
            }
        }

        private void closeSocket() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // Nothing to recover: the next exchange reconnects.
            }
            socket = null;
        }

        @Override
        public void close() {
            closeSocket();
        }
    }
}
