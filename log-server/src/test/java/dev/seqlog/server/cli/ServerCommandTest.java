package dev.seqlog.server.cli;

import dev.seqlog.server.SeqlogServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** What the client-command tests share: an in-memory server on an ephemeral port for each test. */
abstract class ServerCommandTest {
    /** The server of the running test. */
    SeqlogServer server;

    @BeforeAll
    static void client() {
        ApiClient.shared(); // its threads outlive every test
    }

    @BeforeEach
    void start() {
        server = SeqlogServer.startInMemory();
    }

    @AfterEach
    void stop() {
        server.close();
    }
}
