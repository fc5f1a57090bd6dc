package dev.seqlog.replication;

import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.Timekeeper;
import org.apache.ratis.util.TimeDuration;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The metric registries Ratis's server needs at run time. Ratis loads them through {@link java.util.ServiceLoader}
 * and refuses to start without one, but the implementation it ships for 3.2.1 ({@code ratis-metrics-default}) was
 * never published to Maven Central (3.2.0 and 3.2.2 were). This one keeps counters and gauges in memory and
 * measures no time; seqlog reports its replication figures from the Raft division itself.
 *
 * <p>Registered in {@code META-INF/services/org.apache.ratis.metrics.MetricRegistries}. Thread-safe.
 */
public final class RatisMetricRegistries extends MetricRegistries {
    private final Map<MetricRegistryInfo, Registry> registries = new ConcurrentHashMap<>();

    /** Instantiated by Ratis through the service loader. */
    public RatisMetricRegistries() {
    }

    @Override
    public void clear() {
        registries.clear();
    }

    @Override
    public RatisMetricRegistry create(MetricRegistryInfo info) {
        return registries.computeIfAbsent(info, Registry::new);
    }

    @Override
    public boolean remove(MetricRegistryInfo info) {
        return registries.remove(info) != null;
    }

    @Override
    public Optional<RatisMetricRegistry> get(MetricRegistryInfo info) {
        return Optional.ofNullable(registries.get(info));
    }

    @Override
    public Set<MetricRegistryInfo> getMetricRegistryInfos() {
        return Set.copyOf(registries.keySet());
    }

    @Override
    public Collection<RatisMetricRegistry> getMetricRegistries() {
        return List.copyOf(registries.values());
    }

    @Override
    public void addReporterRegistration(Consumer<RatisMetricRegistry> reporterRegistration,
                                        Consumer<RatisMetricRegistry> stopReporter) {
        // no reporters: nothing is exported from here
    }

    @Override
    public void enableJmxReporter() {
        // no reporters
    }

    @Override
    public void enableConsoleReporter(TimeDuration consoleReportRate) {
        // no reporters
    }

    /** One registry: counters and gauges by name; timers measure nothing. */
    private static final class Registry implements RatisMetricRegistry {
        private static final Timekeeper NO_TIMER = () -> () -> 0L;

        private final MetricRegistryInfo info;
        private final Map<String, Counter> counters = new ConcurrentHashMap<>();
        private final Map<String, Supplier<?>> gauges = new ConcurrentHashMap<>();

        Registry(MetricRegistryInfo info) {
            this.info = info;
        }

        @Override
        public Timekeeper timer(String name) {
            return NO_TIMER;
        }

        @Override
        public LongCounter counter(String name) {
            return counters.computeIfAbsent(name, n -> new Counter());
        }

        @Override
        public boolean remove(String name) {
            return counters.remove(name) != null | gauges.remove(name) != null;
        }

        @Override
        public <T> void gauge(String name, Supplier<Supplier<T>> gaugeSupplier) {
            gauges.put(name, gaugeSupplier.get());
        }

        @Override
        public MetricRegistryInfo getMetricRegistryInfo() {
            return info;
        }
    }

    private static final class Counter implements LongCounter {
        private final AtomicLong count = new AtomicLong();

        @Override
        public void inc(long n) {
            count.addAndGet(n);
        }

        @Override
        public void dec(long n) {
            count.addAndGet(-n);
        }

        @Override
        public long getCount() {
            return count.get();
        }
    }
}
