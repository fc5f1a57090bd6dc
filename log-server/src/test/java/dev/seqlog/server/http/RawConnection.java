package dev.seqlog.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One hand-driven client connection, for clients that misbehave on purpose: send part of a request, stall,
 * half-close, never read, or read one response at a time. Confined to the test thread.
 */
final class RawConnection implements AutoCloseable {
    final Socket socket;

    private RawConnection(Socket socket) {
        this.socket = socket;
    }

    static RawConnection open(int port) {
        return open(port, 0);
    }

    /** @param receiveBuffer the socket receive buffer, 0 for the default (a small one makes a non-reader stall sooner) */
    static RawConnection open(int port, int receiveBuffer) {
        try {
            Socket s = new Socket();
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(15_000);
            return new RawConnection(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RawConnection send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawConnection send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void halfClose() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until the server closes the connection; what arrived, even if the close was a reset. */
    String readToClose() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            byte[] b = new byte[8192];
            int n;
            while ((n = in.read(b)) >= 0) {
                out.write(b, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed within the read timeout; got: "
                    + out.toString(StandardCharsets.UTF_8), e);
        } catch (IOException e) {
            // a reset after the answer: keep what arrived
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Reads what the server sends until it closes or {@code limit} bytes have arrived. */
    String readToCloseOrLimit(int limit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            byte[] b = new byte[8192];
            int n;
            while (out.size() < limit && (n = in.read(b)) >= 0) {
                out.write(b, 0, n);
            }
        } catch (IOException e) {
            // a reset after the answer: keep what arrived
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Reads one response with a Content-Length body, leaving the connection open. */
    String readResponse() {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new AssertionError("connection closed inside a response head: " + head);
                }
                head.write(c);
            }
            String h = head.toString(StandardCharsets.ISO_8859_1);
            int len = 0;
            for (String line : h.split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    len = Integer.parseInt(line.substring(15).trim());
                }
            }
            return h + new String(in.readNBytes(len), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server has closed the connection (a read sees end of stream or a reset). */
    boolean closedByServer() {
        try {
            socket.setSoTimeout(1);
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test socket
        }
    }
}
