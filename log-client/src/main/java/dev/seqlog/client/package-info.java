/**
 * A Java client for a seqlog server: the {@link dev.seqlog.api.EventLog} interface over the {@code /v0} HTTP API,
 * so the same code runs embedded or remote.
 */
package dev.seqlog.client;
