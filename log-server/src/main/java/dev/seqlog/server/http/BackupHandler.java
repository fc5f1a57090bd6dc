package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.backup.Backup;
import dev.seqlog.replication.ReplicatedNode;
import dev.seqlog.server.backup.BackupArchive;
import io.undertow.util.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /v0/admin/backup} (API §16.3): a checkpoint of the whole data directory, streamed as tar with
 * its manifest last. Errors before the first byte are answered with the usual envelope; after it, the
 * connection is closed without the manifest or the end-of-archive blocks, so the partial archive can never be
 * restored. Runs on a worker (it blocks on the connection); holds its in-flight slot until the archive has
 * been sent (API §12.2). Stateless.
 */
final class BackupHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BackupHandler.class);
    /** A cluster node's checkpoint is taken between two entries; an idle leader ticks one a second. */
    private static final long CLUSTER_BACKUP_WAIT_S = 30;

    private BackupHandler() {
    }

    /**
     * A single node's backup is a checkpoint of its data directory; a cluster node's is its engine's checkpoint at
     * one log position, taken between two applied entries, which restores into the engine directory of every node
     * of a new cluster.
     */
    private static Backup take(EventLog log) {
        if (log instanceof SeqlogEngine engine) {
            return engine.backup();
        }
        if (log instanceof ReplicatedNode node) {
            try {
                return node.checkpointForPeer().get(CLUSTER_BACKUP_WAIT_S, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof SeqlogException s ? s
                        : new SeqlogException(ErrorCode.INTERNAL, "the checkpoint for the backup failed: " + e.getCause());
            } catch (TimeoutException e) {
                throw new SeqlogException(ErrorCode.NOT_READY, "no entry was applied within " + CLUSTER_BACKUP_WAIT_S
                        + " s to take the backup at").with("reason", "no_apply");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SeqlogException(ErrorCode.SHUTTING_DOWN, "interrupted while taking the backup");
            }
        }
        throw SeqlogException.invalid("backup", "this server has no local engine to back up");
    }

    static void handle(Exchange x) throws IOException {
        if (!x.key.unrestricted()) {
            throw new SeqlogException(ErrorCode.FORBIDDEN,
                    "a backup holds every topic; this key is restricted to name prefixes")
                    .with("reason", "prefix_restricted_key");
        }
        try (Backup backup = take(x.api.engine)) {
            x.ex.setStatusCode(200);
            x.ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/x-tar");
            x.ex.getResponseHeaders().put(Headers.CONTENT_DISPOSITION,
                    "attachment; filename=\"seqlog-backup-" + backup.checkpointTs() + ".tar\"");
            x.ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            x.ex.startBlocking();
            try {
                OutputStream out = x.ex.getOutputStream();
                BackupArchive.write(backup, out, x.api.version);
                out.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("backup aborted part-way; the client's archive is incomplete: {}", e.toString());
                IoUtils.safeClose(x.ex.getConnection());
            }
        }
    }
}
