/** Server configuration: strict parsing of the SEQLOG_* environment and the command line, validated once at start-up (API §13). */
package dev.seqlog.server.config;
