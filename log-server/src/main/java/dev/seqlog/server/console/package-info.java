/**
 * The built-in web console (API §16.5): its static files, read from the jar once at start-up and served by the
 * HTTP layer with their content type, validators and security headers. The console is a client of the /v0 API
 * like any other; nothing here reads the engine.
 */
package dev.seqlog.server.console;
