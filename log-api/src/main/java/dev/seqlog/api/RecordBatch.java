package dev.seqlog.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The records of one {@link WatchEvent.Records} event. A batch read for one watcher is handed unchanged to
 * every other watcher of the topic that reads the same range with the same options, so a server fanning it
 * out to many connections can encode it once: {@link #encoded} keeps the first encoding made for a key.
 *
 * <p>A batch from the log holds a copy of the records' stored bytes: {@link #forEach} streams views over
 * them without creating objects, and {@link #records()} materialises them once, on first use.
 *
 * <p>Immutable apart from its memos; thread-safe.
 */
public final class RecordBatch {
    /** Where a batch's records come from. Implementations are immutable and thread-safe. */
    public interface Source {
        /** @return how many records */
        int size();

        /**
         * Hands each record to {@code sink}, in seq order, as a view valid only during the call.
         *
         * @param sink the sink
         */
        void forEach(RecordSink sink);
    }

    private final Source source;
    private volatile List<TopicRecord> records;
    private volatile Encoding encoding;

    private record Encoding(Object key, Object value) {
    }

    /**
     * Wraps materialised records.
     *
     * @param records in ascending seq order
     */
    public RecordBatch(List<TopicRecord> records) {
        List<TopicRecord> copy = List.copyOf(records);
        this.records = copy;
        this.source = new Source() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public void forEach(RecordSink sink) {
                RecordAsView view = new RecordAsView();
                for (TopicRecord r : copy) {
                    sink.accept(view.of(r));
                }
            }
        };
    }

    /**
     * Wraps a source.
     *
     * @param source the records
     */
    public RecordBatch(Source source) {
        this.source = source;
    }

    /** @return the records, ascending by seq; materialised on the first call */
    public List<TopicRecord> records() {
        List<TopicRecord> r = records;
        if (r == null) {
            List<TopicRecord> out = new ArrayList<>(source.size());
            source.forEach(v -> out.add(TopicRecord.copyOf(v)));
            r = List.copyOf(out);
            records = r; // a race materialises twice at worst; both lists are equal
        }
        return r;
    }

    /**
     * Hands each record to {@code sink} as a view, without creating objects.
     *
     * @param sink the sink; a view is valid only during its call
     */
    public void forEach(RecordSink sink) {
        source.forEach(sink);
    }

    /** @return how many records */
    public int size() {
        return source.size();
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
        return "RecordBatch" + records();
    }
}
