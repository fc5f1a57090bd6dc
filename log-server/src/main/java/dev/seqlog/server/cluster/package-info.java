/**
 * Cluster mode: the replicated node a server runs when {@code SEQLOG_PEERS} is set, how its readiness is decided,
 * and how its Raft status is shown (the {@code cluster} object of {@code /v0/ready} and {@code GET /v0/cluster}).
 */
package dev.seqlog.server.cluster;
