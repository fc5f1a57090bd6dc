/** The seqlog storage engine. */
package dev.seqlog.core;
