package dev.seqlog.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a test method, or every test in a class (including its {@code @Nested} classes), is expected
 * to log at ERROR, so {@link StrictTestExtension} does not fail it for that. The test can read the events
 * through a {@link LogCapture} parameter. Thread-safe (an annotation).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
public @interface ExpectErrorLogs {
}
