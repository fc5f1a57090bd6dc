package dev.seqlog.core.internal.storage;

import dev.seqlog.core.internal.format.WalFileHeader;
import dev.seqlog.core.internal.format.FileHeader;

/**
 * The header descriptors and field offsets of the storage files, for tests outside this package that damage
 * or rewrite files at named offsets. The constants stay package-private in the file classes.
 *
 * <p>Stateless; thread-safe.
 */
public final class StorageLayouts {
    /** The WAL file header. */
    public static final FileHeader WAL = WalFileHeader.FORMAT;
    /** The snapshot file header. */
    public static final FileHeader SNAPSHOT = SnapshotFile.FORMAT;
    /** Bytes before a snapshot's body. */
    public static final int SNAPSHOT_HEADER = SnapshotFile.HEADER;
    /** Offset of a snapshot's body length field. */
    public static final int SNAPSHOT_BODY_LENGTH = SnapshotFile.BODY_LENGTH;
    /** The sparse index file header. */
    public static final FileHeader INDEX = SegmentIndexFile.FORMAT;
    /** Bytes before an index file's points. */
    public static final int INDEX_HEADER = SegmentIndexFile.HEADER;
    /** Offset of an index file's segment entry bytes field. */
    public static final int INDEX_ENTRY_BYTES = SegmentIndexFile.ENTRY_BYTES;

    private StorageLayouts() {
    }
}
