/**
 * Public types of seqlog: what a library user imports.
 *
 * <p>The entry point is {@link dev.seqlog.api.EventLog}. TopicRecord payloads ({@code data} and {@code meta})
 * travel as JSON bytes in the canonical form of {@link dev.seqlog.api.CanonicalJson}: nothing here forces
 * a JSON library on the caller. Errors are raised as {@link dev.seqlog.api.SeqlogException} carrying a
 * stable {@link dev.seqlog.api.ErrorCode}.
 */
package dev.seqlog.api;
