package dev.seqlog.replication;

/**
 * System properties for the Netty that Ratis's gRPC transport shades (its property names carry the shaded
 * package, {@code org.apache.ratis.thirdparty.io.netty}), set from code before any of its classes initialise, so
 * that the shipped jar needs no JVM flag and prints no warning on JDK 17 or 25:
 *
 * <ul>
 *   <li>{@code noUnsafe}: Netty would otherwise use {@code sun.misc.Unsafe}'s memory-access methods, which JDK 24
 *       and later deprecate for removal with a warning on first use (JEP 471/498). Netty falls back to the JDK's
 *       own buffers.</li>
 *   <li>{@code transport.noNative}: gRPC would otherwise load Netty's native epoll transport with
 *       {@code System.load}, a restricted method that JDK 24 and later warn about (JEP 472), after extracting the
 *       library into the temporary directory. The NIO transport is used instead.</li>
 * </ul>
 *
 * <p>A value the operator set on the command line is left alone. Thread-safe and idempotent.
 */
final class NettyDefaults {
    private static final String PREFIX = "org.apache.ratis.thirdparty.io.netty.";

    private NettyDefaults() {
    }

    /** Sets the properties that are not set yet. */
    static void apply() {
        setIfAbsent(PREFIX + "noUnsafe", "true");
        setIfAbsent(PREFIX + "transport.noNative", "true");
    }

    private static void setIfAbsent(String key, String value) {
        synchronized (NettyDefaults.class) {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        }
    }
}
