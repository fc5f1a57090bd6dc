package dev.seqlog.core.spi.sim;

/**
 * Thrown by every call on a {@link SimulatedFileSystem} after its simulated crash: the process is dead.
 * Immutable.
 *
 * <p>It is an {@link Error}, not an exception, because production code legitimately catches
 * {@code IOException} and {@code RuntimeException} on the write path to fail the store over to read-only;
 * a crash handled that way would let the "dead" process keep running and acknowledging. Code under test must
 * therefore let {@code Error}s propagate (a {@code catch (Throwable)} has to rethrow them).
 */
public final class SimulatedCrashException extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrashException(String message) {
        super(message);
    }

    /**
     * Whether {@code failure} is, or was caused by, a simulated crash: the engine then reports it quietly, since
     * the "dead" process is only the emulator or a sweep moving on, not a disk failing.
     *
     * @param failure any throwable, or null
     * @return true if a {@code SimulatedCrashException} is in its cause chain
     */
    public static boolean inChain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SimulatedCrashException) {
                return true;
            }
        }
        return false;
    }
}
