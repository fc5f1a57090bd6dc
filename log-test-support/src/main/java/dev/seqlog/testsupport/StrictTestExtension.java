package dev.seqlog.testsupport;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Fails a test that leaks: threads still running, files still open in its {@link TestDir}, entries left in
 * {@code java.io.tmpdir}, or anything logged at ERROR through SLF4J. Thread-safe to share (it keeps no state of
 * its own), but it assumes tests run sequentially in one JVM, JUnit's default: with parallel execution,
 * threads, temp files and ERRORs of concurrent tests would be blamed on each other.
 *
 * <p>The checks run after the test and its {@code @AfterEach} methods, in this order:
 * <ol>
 *   <li>threads alive now but not before the test, except {@link ThreadLeakCheck#ALLOWED_PREFIXES}, are given
 *       {@value #DEFAULT_THREAD_GRACE_MILLIS} ms in total (configuration parameter
 *       {@value #THREAD_GRACE_PARAMETER}) to end; each one still alive is reported with its stack;</li>
 *   <li>if the test took a {@link TestDir}: descriptors in {@code /proc/self/fd} that point inside it fail the
 *       test (skipped where {@code /proc/self/fd} does not exist); the directory is then deleted;</li>
 *   <li>new names directly in {@code java.io.tmpdir}, except {@link TmpDirCheck#IGNORED_PREFIXES};</li>
 *   <li>ERROR events, unless the test method or an enclosing class is annotated {@link ExpectErrorLogs}.</li>
 * </ol>
 *
 * <p>Parameters it resolves for {@code @Test}, {@code @BeforeEach} and {@code @AfterEach} methods: {@link TestDir}
 * (one per test) and {@link LogCapture}.
 *
 * <p>Registration: auto-detected through {@code META-INF/services} when the module's
 * {@code src/test/resources/junit-platform.properties} contains
 * {@code junit.jupiter.extensions.autodetection.enabled=true}; otherwise annotate the class with
 * {@link StrictTest}.
 */
public final class StrictTestExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /** JUnit configuration parameter: milliseconds leaked threads get, in total, to end. */
    public static final String THREAD_GRACE_PARAMETER = "seqlog.strict.thread-grace-ms";

    static final long DEFAULT_THREAD_GRACE_MILLIS = 5_000;

    private static final Namespace NAMESPACE = Namespace.create(StrictTestExtension.class);
    private static final String STATE_KEY = "state";

    /** Instantiated by JUnit. */
    public StrictTestExtension() {
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(STATE_KEY) != null) {
            return; // registered twice (auto-detected and @StrictTest): the first registration does the work
        }
        store.put(STATE_KEY, new TestState(ThreadLeakCheck.snapshot(), TmpDirCheck.snapshot(), LogCapture.open()));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestState state = context.getStore(NAMESPACE).remove(STATE_KEY, TestState.class);
        if (state == null) {
            return;
        }
        List<String> problems = new ArrayList<>();
        try {
            problems.add(checkThreads(state, context));
            problems.add(checkAndDeleteTestDir(state.testDirIfCreated()));
            problems.add(checkTmpDir(state));
        } finally {
            state.logs().close();
        }
        List<LogEvent> errors = expectsErrors(context) ? List.of() : state.logs().errors();
        if (!errors.isEmpty()) {
            problems.add(errorReport(errors));
        }
        problems.removeIf(String::isEmpty);
        if (problems.isEmpty()) {
            return;
        }
        AssertionError failure = new AssertionError("strict test checks failed for "
                + context.getUniqueId() + "\n" + String.join("\n", problems));
        // Attached so the report shows each logged throwable with its full stack and causes.
        for (LogEvent error : errors) {
            if (error.throwable() != null) {
                failure.addSuppressed(error.throwable());
            }
        }
        throw failure;
    }

    private static String checkThreads(TestState state, ExtensionContext context) {
        long grace = context.getConfigurationParameter(THREAD_GRACE_PARAMETER, Long::parseLong)
                .orElse(DEFAULT_THREAD_GRACE_MILLIS);
        try {
            return state.threads().check(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for threads started by the test to end";
        }
    }

    private static String checkAndDeleteTestDir(TestDir dir) {
        if (dir == null) {
            return "";
        }
        String report;
        try {
            report = OpenFileCheck.supported() ? OpenFileCheck.check(dir.path()) : "";
        } catch (IOException e) {
            report = "could not list open file descriptors: " + e;
        }
        try {
            dir.deleteRecursively();
        } catch (IOException e) {
            report = (report.isEmpty() ? "" : report + "\n") + "could not delete test directory " + dir + ": " + e;
        }
        return report;
    }

    private static String checkTmpDir(TestState state) {
        try {
            return state.tmpDir().check();
        } catch (IOException e) {
            return "could not list java.io.tmpdir: " + e;
        }
    }

    /** The method, its class and, for {@code @Nested} tests, each enclosing class's context. */
    private static boolean expectsErrors(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<AnnotatedElement> element = c.get().getElement();
            if (element.isPresent() && AnnotationSupport.isAnnotated(element, ExpectErrorLogs.class)) {
                return true;
            }
        }
        return false;
    }

    private static String errorReport(List<LogEvent> errors) {
        StringBuilder text = new StringBuilder().append(errors.size())
                .append(" ERROR log event(s) during the test (annotate it @ExpectErrorLogs if they are intended):");
        for (LogEvent error : errors) {
            text.append("\n  ").append(error);
        }
        return text.toString();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestDir.class || type == LogCapture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        TestState state = context.getStore(NAMESPACE).get(STATE_KEY, TestState.class);
        if (state == null) {
            throw new ParameterResolutionException(type.getSimpleName()
                    + " can be injected only into @Test, @BeforeEach and @AfterEach methods");
        }
        if (type == LogCapture.class) {
            return state.logs();
        }
        try {
            return state.testDir();
        } catch (IOException e) {
            throw new ParameterResolutionException("could not create the test directory", e);
        }
    }
}
