/**
 * Public types of seqlog: what a library user imports.
 *
 * <p>The entry point is {@link dev.seqlog.api.EventLog}. Record payloads ({@code data} and {@code meta})
 * travel as JSON bytes, verbatim: nothing here forces a JSON library on the caller. Errors are raised as
 * {@link dev.seqlog.api.SeqlogException} carrying a stable {@link dev.seqlog.api.ErrorCode}.
 */
package dev.seqlog.api;
