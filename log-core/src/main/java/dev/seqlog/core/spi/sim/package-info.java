/**
 * A simulated disk: {@link dev.seqlog.core.spi.sim.SimulatedFileSystem} keeps files in memory with a volatile
 * write cache, so a process crash or a power loss can be simulated at any file operation and a new disk built
 * from exactly what would survive. The crash-point sweeps run the engine on it, and so does the test emulator,
 * which gives tests an engine whose crashes lose exactly what each durability class may lose.
 */
package dev.seqlog.core.spi.sim;
