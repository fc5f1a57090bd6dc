package dev.seqlog.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An S3-compatible server for tests: S3Proxy run as a child JVM (its jar bundles Jetty, logback and Guava,
 * which must stay off the test classpath) on a loopback port, with its blobs, configuration and log in a
 * directory the caller owns (a JUnit {@code @TempDir}). It can be stopped and restarted on the same directory
 * and port, also in read-only or added-latency mode. Confined to the test thread.
 *
 * <p>The jar is named by the system property {@value #JAR_PROPERTY}, which the module's build sets.
 */
public final class S3ProxyProcess implements AutoCloseable {

    /** System property: the path of the S3Proxy jar-with-dependencies. */
    public static final String JAR_PROPERTY = "seqlog.s3proxy.jar";

    private static final String IDENTITY = "seqlog-test-access-key";
    private static final String CREDENTIAL = "seqlog-test-secret-key";
    private static final long START_TIMEOUT_MILLIS = 20_000;
    private static final long STOP_TIMEOUT_MILLIS = 10_000;
    private static final int START_ATTEMPTS = 5;

    private final Path dir;
    private final Path logFile;
    private S3ProxyOptions options;
    private int port;
    private Process process;

    private S3ProxyProcess(Path dir, S3ProxyOptions options) {
        this.dir = dir;
        this.logFile = dir.resolve("s3proxy.log");
        this.options = options;
    }

    /**
     * Starts S3Proxy with the default options and waits until it accepts connections.
     *
     * @param dir an empty directory for its blobs, configuration and log; kept after {@link #close()}
     * @return the running server
     * @throws IOException if it does not start within 20 s (the message holds the end of its log)
     */
    public static S3ProxyProcess start(Path dir) throws IOException {
        return start(dir, S3ProxyOptions.defaults());
    }

    /**
     * @param dir as for {@link #start(Path)}
     * @param options how to run it
     * @return the running server
     * @throws IOException if it does not start
     */
    public static S3ProxyProcess start(Path dir, S3ProxyOptions options) throws IOException {
        S3ProxyProcess s3 = new S3ProxyProcess(dir, options);
        s3.launch();
        return s3;
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** @return the port, the same across restarts */
    public int port() {
        return port;
    }

    /** @return the access key id S3Proxy accepts */
    public String identity() {
        return IDENTITY;
    }

    /** @return the secret access key S3Proxy accepts */
    public String credential() {
        return CREDENTIAL;
    }

    /** @return the child's stdout and stderr, appended across restarts */
    public Path logFile() {
        return logFile;
    }

    /** @return the options it runs with */
    public S3ProxyOptions options() {
        return options;
    }

    /**
     * Creates a bucket with a signed {@code PUT /bucket} (no S3 client needed); an existing bucket is fine.
     *
     * @param bucket the name
     * @throws IOException if S3Proxy refuses
     */
    public void createBucket(String bucket) throws IOException {
        String date = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                .format(ZonedDateTime.now(ZoneOffset.UTC));
        String contentType = "application/octet-stream";
        // AWS signature version 2: HMAC-SHA1 over verb, Content-MD5, Content-Type, Date and the resource
        String toSign = "PUT\n\n" + contentType + "\n" + date + "\n/" + bucket;
        HttpURLConnection http = (HttpURLConnection) endpoint().resolve("/" + bucket).toURL().openConnection();
        try {
            http.setRequestMethod("PUT");
            http.setRequestProperty("Date", date);
            http.setRequestProperty("Content-Type", contentType);
            http.setRequestProperty("Authorization", "AWS " + IDENTITY + ":" + hmacSha1(CREDENTIAL, toSign));
            http.setDoOutput(true);
            http.setFixedLengthStreamingMode(0);
            http.getOutputStream().close();
            int status = http.getResponseCode();
            InputStream body = status < 400 ? http.getInputStream() : http.getErrorStream();
            String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
            if (status != 200 && !text.contains("BucketAlreadyOwnedByYou")) {
                throw new IOException("S3Proxy refused to create bucket " + bucket + ": HTTP " + status + " " + text);
            }
        } finally {
            http.disconnect();
        }
    }

    /**
     * Stops the process (its descendants too) and waits for it to exit; the endpoint then refuses connections
     * until {@link #restart()}.
     */
    public void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops and starts it again on the same directory and port with the same options.
     *
     * @throws IOException if it does not start
     */
    public void restart() throws IOException {
        restart(options);
    }

    /**
     * Stops and starts it again on the same directory and port, with other options (read-only, latency).
     *
     * @param newOptions how to run it now
     * @throws IOException if it does not start
     */
    public void restart(S3ProxyOptions newOptions) throws IOException {
        stop();
        options = newOptions;
        launch();
    }

    /** Stops it; the directory is left to its owner. */
    @Override
    public void close() {
        stop();
    }

    private void launch() throws IOException {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IOException("system property " + JAR_PROPERTY + " must name the S3Proxy jar, got: " + jar);
        }
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("blobs"));
        boolean fixedPort = port != 0;
        for (int attempt = 1; ; attempt++) {
            if (!fixedPort) {
                port = freePort();
            }
            Path config = writeConfig();
            List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp, "-jar", jar, "--properties",
                    config.toString()));
            long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            Files.writeString(logFile, "== " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            p.getOutputStream().close();
            process = p;
            if (awaitListening(p)) {
                return;
            }
            stop();
            byte[] bytes = Files.readAllBytes(logFile);
            String log = new String(bytes, (int) logStart, bytes.length - (int) logStart, StandardCharsets.UTF_8);
            boolean bindFailed = log.contains("BindException") || log.contains("Address already in use");
            if (!bindFailed || attempt == START_ATTEMPTS) {
                throw new IOException("S3Proxy did not start on port " + port + " (attempt " + attempt + "); the end"
                        + " of its log " + logFile + ":\n" + log.substring(Math.max(0, log.length() - 4000)));
            }
        }
    }

    /** Polls the port until it accepts, the process dies, or 20 s pass. */
    private boolean awaitListening(Process p) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return p.isAlive();
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for S3Proxy to start", e);
                }
            }
        }
        return false;
    }

    private Path writeConfig() throws IOException {
        Properties config = new Properties();
        config.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        config.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        config.setProperty("s3proxy.identity", IDENTITY);
        config.setProperty("s3proxy.credential", CREDENTIAL);
        config.setProperty("jclouds.identity", IDENTITY);
        config.setProperty("jclouds.credential", CREDENTIAL);
        config.setProperty("jclouds.provider",
                options.backend() == S3ProxyOptions.Backend.FILESYSTEM ? "filesystem" : "transient");
        config.setProperty("jclouds.filesystem.basedir", dir.resolve("blobs").toString());
        if (options.readOnly()) {
            config.setProperty("s3proxy.read-only-blobstore", "true");
        }
        options.latencyMillis().forEach((op, millis) ->
                config.setProperty("s3proxy.latency-blobstore." + op + ".latency", Long.toString(millis)));
        Path file = dir.resolve("s3proxy.properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            config.store(out, "written by " + S3ProxyProcess.class.getSimpleName());
        }
        return file;
    }

    /** The java running this test, so the child runs on the same JDK. */
    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String hmacSha1(String secret, String text) throws IOException {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IOException("HmacSHA1 is unavailable", e);
        }
    }
}
