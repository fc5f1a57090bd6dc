package dev.seqlog.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a test class a {@link SeqlogEmulator}. Test methods, lifecycle methods and constructors may then declare
 * parameters of these types:
 * <ul>
 *   <li>{@link dev.seqlog.api.EventLog}: the log ({@link SeqlogEmulator#log()});</li>
 *   <li>{@link SeqlogEmulator}: the controls (clock, crash, eviction, slow subscribers);</li>
 *   <li>{@link EmulatorClock}: the clock alone;</li>
 *   <li>{@link java.net.URI}: the server's base URL ({@link Mode#SERVER} only).</li>
 * </ul>
 *
 * <pre>{@code
 * @WithSeqlog
 * class OrdersTest {
 *     @Test
 *     void fsyncRecordsSurviveAPowerLoss(EventLog log, SeqlogEmulator seqlog) {
 *         log.configure("orders", TopicConfig.builder().durability(Durability.FSYNC).build());
 *         log.append("orders", AppendRequest.of(RecordInput.json("{\"sku\":\"A-1\"}")));
 *         seqlog.crash(Crash.POWER_LOSS);
 *         assertEquals(1, log.state("orders").headSeq());
 *     }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SeqlogExtension.class)
public @interface WithSeqlog {
    /**
     * How tests reach the log. Default: {@link Mode#EMBEDDED}.
     *
     * @return the mode
     */
    Mode mode() default Mode.EMBEDDED;

    /**
     * Whether each test method gets its own emulator or the class shares one, reset between tests. Default:
     * {@link Scope#PER_METHOD}.
     *
     * @return the scope
     */
    Scope scope() default Scope.PER_METHOD;

    /**
     * Where the emulator's clock starts, as an ISO-8601 instant such as {@code "2030-01-01T00:00:00Z"}; empty (the
     * default) starts it at the wall-clock time.
     *
     * @return the start time, or empty
     */
    String startTime() default "";
}
