package dev.seqlog.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of a server that can make its open connections go silent without closing them: what a
 * dead peer or a dropped NAT entry looks like to a client. Connections opened after {@link #freezeOpen()} relay
 * normally. Every socket and thread ends at {@link #close()}.
 */
final class FreezingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /** One client connection and its connection to the server. */
    private static final class Link {
        final Socket client;
        final Socket server;
        volatile boolean frozen;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void close() {
            for (Socket s : List.of(client, server)) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing is all that is wanted
                }
            }
        }
    }

    FreezingProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        start("proxy-accept", this::accept);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Stops relaying on every connection open now, in both directions, and leaves them open. */
    void freezeOpen() {
        links.forEach(l -> l.frozen = true);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket c = listener.accept();
                Socket s = new Socket(InetAddress.getLoopbackAddress(), target);
                Link link = new Link(c, s);
                links.add(link);
                start("proxy-up", () -> pump(link, c, s));
                start("proxy-down", () -> pump(link, s, c));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Copies bytes until either side closes; a frozen link copies nothing more and holds its sockets open. */
    private static void pump(Link link, Socket from, Socket to) {
        byte[] buf = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (link.frozen) {
                    continue; // swallowed: the other side hears nothing, and nothing is closed
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException closed) {
            // one side went away
        } finally {
            if (!link.frozen) {
                link.close();
            }
        }
    }

    private void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // it was open
        }
        links.forEach(Link::close);
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
