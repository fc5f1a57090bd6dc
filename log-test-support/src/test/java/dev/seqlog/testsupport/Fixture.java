package dev.seqlog.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that exists to be run through EngineTestKit, where it is meant to fail; it is disabled in
 * any other run. Thread-safe (an annotation).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag("fixture")
@ExtendWith(FixtureCondition.class)
@interface Fixture {
}
