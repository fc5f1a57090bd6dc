/**
 * A JUnit 5 extension that gives tests a seqlog emulator: an in-memory engine, or a server on port 0 with a
 * client, with controls for the clock, crashes and restarts, evictions and slow subscribers.
 */
package dev.seqlog.junit;
