/** seqlog server. */
package dev.seqlog.server;
