package dev.seqlog.api;

import java.util.Objects;

/**
 * One record to append: JSON {@code data} (required, {@code null} allowed), optional JSON-object
 * {@code meta}, optional {@code tag} and {@code node}. Payloads are stored in the canonical form of
 * {@link CanonicalJson} and read back as those bytes.
 *
 * <p>{@link #json} and {@link #withMeta(byte[])} validate and canonicalise their input. {@link #trusted}
 * and {@link #withTrustedMeta} skip that work for callers that hold canonical bytes already (the HTTP
 * server canonicalises during its streaming parse). Limits (sizes, key count, tag and node lengths)
 * are checked on append by {@link Limits#checkRecord}.
 *
 * <p>Immutable; the byte arrays are owned by the record once passed in.
 */
public final class RecordInput {
    /** Keys allowed in one {@code meta} object (fixed by the contract). */
    public static final int MAX_META_KEYS = 64;

    private final byte[] data;
    private final int dataOffset;
    private final int dataLength;
    private final byte[] meta;
    private final int metaKeys;
    private final String tag;
    private final String node;

    private RecordInput(byte[] data, int dataOffset, int dataLength, byte[] meta, int metaKeys, String tag,
                        String node) {
        this.data = data;
        this.dataOffset = dataOffset;
        this.dataLength = dataLength;
        this.meta = meta;
        this.metaKeys = metaKeys;
        this.tag = tag;
        this.node = node;
    }

    /**
     * A record whose {@code data} is the given JSON text, validated and canonicalised, with no meta, tag or node
     * (each settable with the {@code with} methods).
     *
     * @param dataJson one JSON value
     * @return the record
     * @throws SeqlogException invalid_request if {@code dataJson} is not one acceptable JSON value
     */
    public static RecordInput json(String dataJson) {
        Objects.requireNonNull(dataJson, "data");
        return json(Utf8.encode(dataJson, "data"));
    }

    /**
     * A record whose {@code data} is the given UTF-8 JSON bytes, validated and canonicalised. Bytes that
     * are already canonical are kept, not copied.
     *
     * @param dataJson one JSON value as UTF-8
     * @return the record
     * @throws SeqlogException invalid_request if the bytes are not one acceptable JSON value
     */
    public static RecordInput json(byte[] dataJson) {
        Objects.requireNonNull(dataJson, "data");
        byte[] canonical = CanonicalJson.canonicalize(dataJson, "data");
        return new RecordInput(canonical, 0, canonical.length, null, 0, null, null);
    }

    /**
     * A record over bytes the caller guarantees to be one well-formed JSON value in the canonical form
     * of {@link CanonicalJson}. No check is made; other bytes would be stored and served as they are.
     *
     * @param buf the buffer holding the value
     * @param offset start of the value
     * @param length length of the value in bytes
     * @return the record
     */
    public static RecordInput trusted(byte[] buf, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        return new RecordInput(buf, offset, length, null, 0, null, null);
    }

    /**
     * This record with the given {@code meta}, validated (a JSON object) and canonicalised. Its size and
     * key count are checked on append.
     *
     * @param metaJson a JSON object as UTF-8, or null for none
     * @return a new record
     * @throws SeqlogException invalid_request if not one acceptable JSON object
     */
    public RecordInput withMeta(byte[] metaJson) {
        if (metaJson == null) {
            return new RecordInput(data, dataOffset, dataLength, null, 0, tag, node);
        }
        CanonicalJson c = new CanonicalJson(0);
        byte[] canonical = c.document(metaJson, "meta");
        if (c.topLevelKeys() < 0) {
            throw SeqlogException.invalid("meta", "meta must be a JSON object");
        }
        return new RecordInput(data, dataOffset, dataLength, canonical, c.topLevelKeys(), tag, node);
    }

    /**
     * This record with the given {@code meta} text.
     *
     * @param metaJson a JSON object, or null for none
     * @return a new record
     * @throws SeqlogException invalid_request if not one acceptable JSON object
     */
    public RecordInput withMeta(String metaJson) {
        return withMeta(metaJson == null ? null : Utf8.encode(metaJson, "meta"));
    }

    /**
     * This record with {@code meta} bytes the caller guarantees to be a JSON object in the canonical
     * form of {@link CanonicalJson}, with its number of keys (checked on append).
     *
     * @param metaJson the object bytes, or null for none
     * @param keys the object's number of keys
     * @return a new record
     */
    public RecordInput withTrustedMeta(byte[] metaJson, int keys) {
        return new RecordInput(data, dataOffset, dataLength, metaJson, metaJson == null ? 0 : keys, tag, node);
    }

    /**
     * This record with a tag (the key for tag deletes and router filters). Length is checked on append.
     *
     * @param tag a non-empty string, or null for none
     * @return a new record
     */
    public RecordInput withTag(String tag) {
        return new RecordInput(data, dataOffset, dataLength, meta, metaKeys, tag, node);
    }

    /**
     * This record with an origin node id, overriding the batch-level node. Length is checked on append.
     *
     * @param node a non-empty string, or null for the batch default
     * @return a new record
     */
    public RecordInput withNode(String node) {
        return new RecordInput(data, dataOffset, dataLength, meta, metaKeys, tag, node);
    }

    /** @return the buffer holding {@code data} */
    public byte[] dataArray() {
        return data;
    }

    /** @return offset of {@code data} in {@link #dataArray()} */
    public int dataOffset() {
        return dataOffset;
    }

    /** @return length of {@code data} in bytes */
    public int dataLength() {
        return dataLength;
    }

    /** @return the canonical {@code meta} object bytes, or null */
    public byte[] meta() {
        return meta;
    }

    /** @return the tag, or null */
    public String tag() {
        return tag;
    }

    /** @return the record's own node, or null */
    public String node() {
        return node;
    }

    /** @return the accounted size (SEMANTICS §2.3): canonical {@code data} bytes plus canonical {@code meta} bytes */
    public long accountedSize() {
        return (long) dataLength + (meta == null ? 0 : meta.length);
    }

    /** @return the number of keys of {@code meta}, 0 without meta */
    int metaKeys() {
        return metaKeys;
    }
}
