package dev.seqlog.api;

import java.util.List;
import java.util.function.Function;

/**
 * The records of one {@link WatchEvent.Records} event. A batch read for one watcher is handed unchanged to
 * every other watcher of the topic that reads the same range with the same options, so a server fanning it
 * out to many connections can encode it once: {@link #encoded} keeps the first encoding made for a key.
 *
 * <p>Immutable apart from that memo; thread-safe.
 */
public final class RecordBatch {
    private final List<Record> records;
    private volatile Encoding encoding;

    private record Encoding(Object key, Object value) {
    }

    /**
     * Wraps records.
     *
     * @param records in ascending seq order; not copied, must not change afterwards
     */
    public RecordBatch(List<Record> records) {
        this.records = List.copyOf(records);
    }

    /** @return the records, ascending by seq */
    public List<Record> records() {
        return records;
    }

    /** @return how many records */
    public int size() {
        return records.size();
    }

    /**
     * This batch encoded by {@code encoder}, computed once per batch for a given {@code key} (the first key
     * asked for is kept; another key is encoded each time it is asked for).
     *
     * @param key identifies the encoding, compared by {@code equals}
     * @param encoder turns the batch into its encoded form
     * @param <T> the encoded type
     * @return the encoding
     */
    @SuppressWarnings("unchecked")
    public <T> T encoded(Object key, Function<RecordBatch, T> encoder) {
        Encoding e = encoding;
        if (e != null && e.key.equals(key)) {
            return (T) e.value;
        }
        T value = encoder.apply(this);
        if (e == null) {
            encoding = new Encoding(key, value); // a race encodes twice at worst; both results are equal
        }
        return value;
    }

    @Override
    public String toString() {
        return "RecordBatch" + records;
    }
}
