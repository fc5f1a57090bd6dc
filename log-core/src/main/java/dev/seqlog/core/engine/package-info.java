/**
 * Topic state and the semantics of SEMANTICS.md: seq and ts assignment, retention, the tag index,
 * deletes, idempotency, the read procedure with tombstones, and live notification.
 *
 * <p>Records are kept in large reusable buffers organised as segments and located by seq through
 * primitive arrays: no Java object exists per retained record.
 */
package dev.seqlog.core.engine;
