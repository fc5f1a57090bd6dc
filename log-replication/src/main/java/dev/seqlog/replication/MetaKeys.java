package dev.seqlog.replication;

/**
 * Counts the top-level keys of a record's {@code meta} object. {@link dev.seqlog.api.RecordInput} keeps that count
 * (the engine checks it against the 64-key limit) but does not expose it outside its package, so the command codec
 * recounts it from the bytes to rebuild the record with {@code withTrustedMeta} on every replica.
 *
 * <p>The bytes are a JSON object (canonical, as {@code RecordInput} holds them): each top-level key is followed by
 * exactly one colon outside strings at nesting depth 1. Stateless; thread-safe.
 */
final class MetaKeys {
    private MetaKeys() {
    }

    /** @return the number of top-level keys, 0 for null, an empty object or anything that is not an object */
    static int count(byte[] json) {
        if (json == null) {
            return 0;
        }
        int depth = 0;
        int keys = 0;
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            switch (b) {
                case '"' -> inString = true;
                case '{', '[' -> depth++;
                case '}', ']' -> depth--;
                case ':' -> {
                    if (depth == 1) {
                        keys++;
                    }
                }
                default -> {
                }
            }
        }
        return keys;
    }
}
