/** The runnable jar's command line: one class per command, over the server and the /v0 HTTP API. */
package dev.seqlog.server.cli;
