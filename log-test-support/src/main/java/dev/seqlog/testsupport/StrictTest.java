package dev.seqlog.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registers {@link StrictTestExtension} explicitly, for modules that do not turn on extension auto-detection.
 * Harmless where auto-detection already registered it: JUnit registers an extension type only once. Thread-safe
 * (an annotation).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(StrictTestExtension.class)
public @interface StrictTest {
}
