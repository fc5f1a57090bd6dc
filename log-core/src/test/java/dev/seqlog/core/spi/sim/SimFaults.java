package dev.seqlog.core.spi.sim;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** The faults planned for a {@link SimulatedFileSystem}, by mutating-call number. Guarded by its monitor. */
final class SimFaults {

    /** A one-shot fault; {@code landed} is the byte count a short write keeps, or -1 for half. */
    private record Planned(Fault fault, int landed) {
    }

    private final Map<Long, Planned> oneShot = new HashMap<>();
    private long syncsFailFrom = Long.MAX_VALUE;
    private long capacity = Long.MAX_VALUE;

    void failAt(long call, Fault fault, int landed) {
        oneShot.put(call, new Planned(fault, landed));
    }

    void failSyncsFrom(long call) {
        syncsFailFrom = call;
    }

    void capacity(long bytes) {
        capacity = bytes;
    }

    long capacity() {
        return capacity;
    }

    void clear() {
        oneShot.clear();
        syncsFailFrom = Long.MAX_VALUE;
        capacity = Long.MAX_VALUE;
    }

    /** The error a non-write call numbered {@code call} must throw, or null. */
    IOException failure(long call, boolean isSync) {
        Planned planned = oneShot.remove(call);
        if (planned != null) {
            return planned.fault.exception();
        }
        return isSync && call >= syncsFailFrom ? Fault.EIO.exception() : null;
    }

    /** The one-shot fault planned for write {@code call}, or null; {@link #landed} consumes it. */
    Fault writeFault(long call) {
        Planned planned = oneShot.get(call);
        return planned == null ? null : planned.fault;
    }

    /** How many of {@code length} bytes the planned short write of {@code call} lands; consumes the plan. */
    int landed(long call, int length) {
        Planned planned = oneShot.remove(call);
        if (planned == null || planned.fault != Fault.SHORT_WRITE) {
            return 0;
        }
        return planned.landed < 0 ? length / 2 : Math.min(planned.landed, length);
    }
}
