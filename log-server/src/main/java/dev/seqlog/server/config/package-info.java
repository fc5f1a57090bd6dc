/** Server configuration: strict parsing of the SEQLOG_* variables (from the environment or serve options), validated once at start-up (API §13). */
package dev.seqlog.server.config;
