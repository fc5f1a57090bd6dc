/**
 * Replicated mode: seqlog engines kept identical by an Apache Ratis (Raft) group. {@link
 * dev.seqlog.replication.ReplicatedNode} is one node as an {@link dev.seqlog.api.EventLog}, configured by {@link
 * dev.seqlog.replication.ClusterSettings}: every write becomes a Raft log entry that each node's engine applies in log
 * order at the time the entry carries, a Raft snapshot is an engine checkpoint, and reads are served from the node's
 * own engine. See docs/REPLICATION.md.
 */
package dev.seqlog.replication;
