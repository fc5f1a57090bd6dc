/**
 * JSON codec over jackson-core streaming: request parsing that slices payloads out of the body into their
 * canonical form ({@link dev.seqlog.api.CanonicalJson}), and response rendering.
 */
package dev.seqlog.server.json;
