/** Bearer-key authentication, scopes, name-prefix allowlists and the per-key in-flight cap (API §1.3, §1.4, §12.2). */
package dev.seqlog.server.auth;
