package dev.seqlog.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One thread that drives any number of {@link WatchStream}s over a {@link Selector}, so a thousand watchers
 * cost one thread, not a thousand. Connects at most {@link #MAX_OPENING} streams at a time (the rest wait
 * their turn), so a burst of connects does not overflow the server's accept backlog. Streams are added from
 * any thread; everything else runs on the reactor thread. {@link #close} closes every stream still open.
 */
final class WatchReactor implements AutoCloseable {
    /** How often open streams are ticked (drain deadlines, open timeouts). */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Streams connecting or waiting for their response head at once. */
    static final int MAX_OPENING = 64;

    private final InetSocketAddress address;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<WatchStream> added = new ConcurrentLinkedQueue<>();
    // Reactor thread only:
    private final ArrayDeque<WatchStream> waiting = new ArrayDeque<>();
    private final List<WatchStream> opening = new ArrayList<>();
    private final List<WatchStream> streams = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private volatile boolean stopping;

    /**
     * Starts the reactor thread.
     *
     * @param name the thread's name
     * @param address the server
     * @throws IOException if no selector can be opened
     */
    WatchReactor(String name, InetSocketAddress address) throws IOException {
        this.address = address;
        this.selector = Selector.open();
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a stream to be connected; from any thread.
     *
     * @param s a stream not yet added anywhere
     */
    void add(WatchStream s) {
        added.add(s);
        selector.wakeup();
    }

    private void run() {
        Throwable failure = null;
        try {
            long nextTick = System.nanoTime() + TICK_NANOS;
            while (!stopping) {
                for (WatchStream s; (s = added.poll()) != null; ) {
                    waiting.add(s);
                }
                startConnects();
                long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextTick - System.nanoTime()));
                selector.select(wait);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    ((WatchStream) k.attachment()).ready(readBuffer);
                }
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    nextTick = now + TICK_NANOS;
                    tick(now);
                }
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            IOException cause = failure == null ? null : new IOException("watch reactor failed", failure);
            for (WatchStream s : waiting) {
                s.close(cause);
            }
            for (WatchStream s; (s = added.poll()) != null; ) {
                s.close(cause);
            }
            for (WatchStream s : streams) {
                s.close(cause);
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // The thread is ending; nothing to recover.
            }
        }
    }

    /** Connects waiting streams while fewer than {@link #MAX_OPENING} are between connect and head. */
    private void startConnects() {
        opening.removeIf(s -> s.opened() || s.closed());
        while (opening.size() < MAX_OPENING && !waiting.isEmpty()) {
            WatchStream s = waiting.poll();
            streams.add(s);
            opening.add(s);
            s.connect(selector, address);
        }
    }

    private void tick(long now) {
        streams.removeIf(WatchStream::closed);
        for (WatchStream s : streams) {
            s.tick(now);
        }
    }

    /** Stops the thread, closing every stream it still holds (their handlers see a null cause), and waits. */
    @Override
    public void close() {
        stopping = true;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
