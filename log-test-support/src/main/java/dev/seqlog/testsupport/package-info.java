/**
 * Test-only helpers shared by the seqlog modules: {@link dev.seqlog.testsupport.StrictTestExtension}, which
 * fails tests that leak threads, files or ERROR logs, {@link dev.seqlog.testsupport.ManualClock}, and
 * {@link dev.seqlog.testsupport.S3ProxyProcess}, an S3-compatible server run as a child process.
 *
 * <p>To apply the extension to every test of a module, depend on {@code log-test-support} in test scope and
 * put {@code junit.jupiter.extensions.autodetection.enabled=true} in the module's
 * {@code src/test/resources/junit-platform.properties}. The jar also binds SLF4J for tests
 * ({@link dev.seqlog.testsupport.TestLoggingProvider}); no other SLF4J binding should be on the test classpath.
 */
package dev.seqlog.testsupport;
