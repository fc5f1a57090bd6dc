package dev.seqlog.junit;

/**
 * What a simulated crash takes with it ({@link SeqlogEmulator#crash(Crash)}). Either way the engine recovers as it
 * would on a real disk, with the guarantees of STORAGE-GUARANTEES §3: {@code fsync} records and every
 * configuration change survive; a {@code disk} topic keeps a prefix of its history holding at least everything
 * flushed, its lost tail reported as a {@code restart} tombstone and its seqs never reused; a {@code memory} topic
 * keeps a prefix, possibly empty; {@code ephemeral} records are gone, also reported as a {@code restart}
 * tombstone.
 */
public enum Crash {
    /**
     * The process dies ({@code kill -9}) and the machine stays up: everything the engine had written to the
     * operating system survives, flushed or not. Lost: what was still in the engine's own buffers.
     */
    PROCESS,
    /**
     * The machine loses power: only what was flushed to stable storage survives, so writes the operating system
     * still held in its cache are lost too.
     */
    POWER_LOSS
}
