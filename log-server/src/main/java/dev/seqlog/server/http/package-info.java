/** The /v0 HTTP layer on Undertow: route table, request checks in contract order, thin handlers, error envelope. */
package dev.seqlog.server.http;
