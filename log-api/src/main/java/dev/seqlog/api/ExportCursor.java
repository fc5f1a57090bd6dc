package dev.seqlog.api;

/**
 * A bulk export in pages (API §16.2): the records after a cursor up to a bound fixed when it opens (the
 * requested {@code to_seq}, or the head at that moment), each page preceded by at most one tombstone whose
 * range is clipped to the bound. Reading it does not count as a read for automatic priority.
 *
 * <p>Confined to one thread.
 */
public interface ExportCursor {
    /** @return whether another page may hold records or a tombstone below the bound */
    boolean hasNext();

    /**
     * Reads the next page, handing its records (none above the bound) to {@code sink}.
     *
     * @param sink receives each delivered record, while the topic is locked for reading
     * @return the tombstone that precedes the page's records, clipped to the bound, or null
     * @throws SeqlogException topic_not_found if the topic was deleted meanwhile
     */
    Tombstone next(RecordSink sink);

    /** @return the bound: no record above it is exported */
    long bound();

    /** @return the head seen by the last page read (the bound before any) */
    long headSeq();

    /** @return records handed to sinks so far */
    long records();
}
