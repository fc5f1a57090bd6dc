/** Test-only helpers shared by the seqlog modules. */
package dev.seqlog.testsupport;
