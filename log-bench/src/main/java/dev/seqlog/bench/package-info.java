/** seqlog bench. */
package dev.seqlog.bench;
