package dev.seqlog.bench.load;

import java.io.IOException;

/** Opens {@link HttpConnection}s to one server. Implementations are thread-safe. */
interface HttpTransport extends AutoCloseable {

    /**
     * Opens a connection for the calling thread's exclusive use.
     *
     * @return the connection
     * @throws IOException if it cannot be opened
     */
    HttpConnection open() throws IOException;

    @Override
    void close();
}
