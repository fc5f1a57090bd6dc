/**
 * Routers (SEMANTICS §12): the catalog of router definitions with its own WAL frames and snapshot section, and
 * one forwarder per router that copies source records into the destination off the write path, its progress
 * logged in the same frame as the copies.
 */
package dev.seqlog.core.routers;
