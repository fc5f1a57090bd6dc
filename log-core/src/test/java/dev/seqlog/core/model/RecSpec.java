package dev.seqlog.core.model;

/**
 * One record of a generated write.
 *
 * @param data the data payload
 * @param meta the meta payload, or null
 * @param tag the tag, or null
 * @param node the record's own node, or null (the batch node then applies)
 */
record RecSpec(Payload data, Payload meta, String tag, String node) {

    /** @return the accounted size: compact data bytes plus compact meta bytes */
    long size() {
        return data.size() + (meta == null ? 0 : meta.size());
    }
}
