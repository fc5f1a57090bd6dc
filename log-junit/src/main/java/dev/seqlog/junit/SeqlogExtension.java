package dev.seqlog.junit;

import dev.seqlog.api.EventLog;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The JUnit 5 side of {@link WithSeqlog}: starts the emulator per method or per class, resets a shared one
 * between tests, closes it after the method or class (also after a failure), and resolves the parameters
 * {@link WithSeqlog} lists. Closing happens in the after-callbacks, so extensions registered before this one
 * (leak checks) see its threads gone; the store of the context holding it closes it too if a callback never
 * ran. Stateless.
 */
public final class SeqlogExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SeqlogExtension.class);
    private static final String EMULATOR = "emulator";
    private static final String USED = "used";

    /** Creates the extension (JUnit does, through {@link WithSeqlog}). */
    public SeqlogExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        WithSeqlog config = config(context);
        if (config.mode() == Mode.SERVER) {
            EmulatorHttp.client(); // its threads live as long as the JVM: start them before any test begins
        }
        if (config.scope() == Scope.PER_CLASS) {
            context.getStore(NAMESPACE).put(EMULATOR, new Owned(start(config)));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        WithSeqlog config = config(context);
        if (config.scope() == Scope.PER_METHOD) {
            context.getStore(NAMESPACE).put(EMULATOR, new Owned(start(config)));
            return;
        }
        ExtensionContext.Store classStore = classContext(context).getStore(NAMESPACE);
        if (classStore.get(USED) != null) {
            emulator(context).reset();
        }
        classStore.put(USED, Boolean.TRUE);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeIn(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeIn(context);
    }

    private static void closeIn(ExtensionContext context) {
        Owned owned = context.getStore(NAMESPACE).remove(EMULATOR, Owned.class);
        if (owned != null) {
            owned.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == SeqlogEmulator.class || type == EventLog.class || type == EmulatorClock.class
                || type == URI.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SeqlogEmulator emulator = emulator(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == SeqlogEmulator.class) {
            return emulator;
        }
        if (type == EventLog.class) {
            return emulator.log();
        }
        if (type == EmulatorClock.class) {
            return emulator.clock();
        }
        if (emulator.mode() != Mode.SERVER) {
            throw new ParameterResolutionException("a URI parameter needs @WithSeqlog(mode = Mode.SERVER)");
        }
        return emulator.url();
    }

    private static SeqlogEmulator emulator(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Owned owned = c.get().getStore(NAMESPACE).get(EMULATOR, Owned.class);
            if (owned != null) {
                return owned.emulator;
            }
        }
        throw new ParameterResolutionException("no seqlog emulator here: a per-method emulator cannot be injected "
                + "into a constructor or @BeforeAll method; use scope = Scope.PER_CLASS");
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static WithSeqlog config(ExtensionContext context) {
        for (Optional<Class<?>> type = context.getTestClass(); type.isPresent();
                type = Optional.ofNullable(type.get().getEnclosingClass())) {
            Optional<WithSeqlog> found = AnnotationSupport.findAnnotation(type.get(), WithSeqlog.class);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new ExtensionConfigurationException("SeqlogExtension is registered but no @WithSeqlog was found");
    }

    private static SeqlogEmulator start(WithSeqlog config) {
        SeqlogEmulator.Builder b = SeqlogEmulator.builder().mode(config.mode());
        if (!config.startTime().isEmpty()) {
            try {
                b.startTime(Instant.parse(config.startTime()));
            } catch (DateTimeParseException e) {
                throw new ExtensionConfigurationException("@WithSeqlog(startTime = \"" + config.startTime()
                        + "\") is not an ISO-8601 instant such as 2030-01-01T00:00:00Z");
            }
        }
        return b.start();
    }

    /** Closes the emulator when JUnit closes the store holding it. */
    private record Owned(SeqlogEmulator emulator) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            emulator.close();
        }
    }
}
