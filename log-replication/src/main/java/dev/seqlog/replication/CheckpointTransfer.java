package dev.seqlog.replication;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How a replica that fell behind the start of the leader's Raft log gets the leader's state: a checkpoint of the
 * peer, at a log position at or after the start of the peer's log, restored into a directory. The peer's side is
 * {@link ReplicatedNode#checkpointForPeer()}; carrying its files between processes is the transport's job (the
 * server's, over HTTP; a test's, in memory).
 */
@FunctionalInterface
public interface CheckpointTransfer {
    /**
     * Restores into {@code into} (absent, or an empty directory) a checkpoint of peer {@code from}, with
     * {@link dev.seqlog.core.backup.Restore}, so that a directory the call leaves complete holds no restore marker.
     *
     * @param from the peer's id, the leader that asked for the installation
     * @param into the directory to fill
     * @throws IOException if the peer could not be reached or the files not written; the replica asks again later
     */
    void fetch(String from, Path into) throws IOException;
}
