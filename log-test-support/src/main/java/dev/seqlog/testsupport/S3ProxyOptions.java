package dev.seqlog.testsupport;

import java.util.Map;

/**
 * How {@link S3ProxyProcess} runs S3Proxy. Immutable.
 *
 * @param backend where blobs are kept
 * @param readOnly whether every write is refused (S3Proxy's {@code s3proxy.read-only-blobstore=true})
 * @param latencyMillis delay added per blob-store operation ({@code put}, {@code get}, {@code metadata},
 *                      {@code list}, {@code remove}, ..., or {@code *} for all), written as
 *                      {@code s3proxy.latency-blobstore.<op>.latency=<ms>}
 */
public record S3ProxyOptions(Backend backend, boolean readOnly, Map<String, Long> latencyMillis) {

    /** Where S3Proxy keeps blobs. */
    public enum Backend {
        /** jclouds' {@code filesystem} provider: blobs are files in the directory and survive a restart. */
        FILESYSTEM,
        /** jclouds' {@code transient} provider: in memory, lost on restart. */
        TRANSIENT
    }

    /** Copies the map. */
    public S3ProxyOptions {
        latencyMillis = Map.copyOf(latencyMillis);
    }

    /** @return the filesystem backend, writable, no added latency */
    public static S3ProxyOptions defaults() {
        return new S3ProxyOptions(Backend.FILESYSTEM, false, Map.of());
    }

    /**
     * @param b the backend
     * @return a copy with it
     */
    public S3ProxyOptions withBackend(Backend b) {
        return new S3ProxyOptions(b, readOnly, latencyMillis);
    }

    /**
     * @param ro whether writes are refused
     * @return a copy with it
     */
    public S3ProxyOptions withReadOnly(boolean ro) {
        return new S3ProxyOptions(backend, ro, latencyMillis);
    }

    /**
     * S3Proxy 2.7's latency option also drops {@code Content-Range} from ranged GETs (the status stays 206).
     *
     * @param millis delay added to every operation
     * @return a copy with it (and no other latency)
     */
    public S3ProxyOptions withLatency(long millis) {
        return new S3ProxyOptions(backend, readOnly, Map.of("*", millis));
    }
}
