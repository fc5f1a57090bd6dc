/** JSON codec over jackson-core streaming: request parsing with verbatim payload capture, and response rendering. */
package dev.seqlog.server.json;
