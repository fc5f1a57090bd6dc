/**
 * Checkpoints: the pass that moves what the WAL holds into segment files and an atomic snapshot, and
 * reclaims the WAL and segment files that no retained snapshot needs; the images it captures.
 */
package dev.seqlog.core.internal.checkpoint;
