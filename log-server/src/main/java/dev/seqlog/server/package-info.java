/**
 * The seqlog /v0 HTTP server: {@link dev.seqlog.server.SeqlogServer} embeds it (tests start one on an
 * ephemeral port), {@link dev.seqlog.server.Main} runs it from the command line.
 */
package dev.seqlog.server;
