/**
 * Topic instances: the lock, ordering and public operations of one topic, seq reservations,
 * visibility, the per-class durability rules, retention, the tag index, deletes, idempotency and the read
 * procedure with tombstones (SEMANTICS.md).
 */
package dev.seqlog.core.internal.topic;
