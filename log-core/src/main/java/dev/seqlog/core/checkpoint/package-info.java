/**
 * Checkpoints: the pass that moves what the WAL holds into segment files and an atomic snapshot, and
 * reclaims the WAL and segment files that no retained snapshot needs.
 */
package dev.seqlog.core.checkpoint;
