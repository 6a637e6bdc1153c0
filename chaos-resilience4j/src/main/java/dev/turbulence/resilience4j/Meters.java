package dev.turbulence.resilience4j;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSupport;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** Reads values out of the meters a {@link MeterSelector} selects; a missing value is {@code null}. */
final class Meters {

    private Meters() {}

    static Collection<Meter> find(MeterRegistry registry, MeterSelector selector) {
        var search = registry.find(selector.name());
        for (Map.Entry<String, String> tag : selector.tags().entrySet()) {
            search = search.tag(tag.getKey(), tag.getValue());
        }
        return search.meters();
    }

    /** The number of events the meters counted, summed; {@code null} when none exists. */
    static Double count(MeterRegistry registry, MeterSelector selector) {
        Collection<Meter> meters = find(registry, selector);
        if (meters.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (Meter meter : meters) {
            sum += count(meter);
        }
        return Double.isNaN(sum) ? null : sum;
    }

    private static double count(Meter meter) {
        if (meter instanceof Counter counter) {
            return counter.count();
        }
        if (meter instanceof FunctionCounter counter) {
            return counter.count();
        }
        if (meter instanceof Timer timer) {
            return timer.count();
        }
        if (meter instanceof FunctionTimer timer) {
            return timer.count();
        }
        if (meter instanceof DistributionSummary summary) {
            return summary.count();
        }
        return statistic(meter, Statistic.COUNT);
    }

    /** The gauges' values, summed; {@code null} when none exists or one reads NaN. */
    static Double gauge(MeterRegistry registry, MeterSelector selector) {
        Collection<Meter> meters = find(registry, selector);
        if (meters.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (Meter meter : meters) {
            double value = meter instanceof TimeGauge timeGauge
                    ? timeGauge.value(TimeUnit.MILLISECONDS)
                    : meter instanceof Gauge gauge ? gauge.value() : statistic(meter, Statistic.VALUE);
            sum += value;
        }
        return Double.isNaN(sum) ? null : sum;
    }

    /**
     * The highest value of {@code percentile} the meters publish (milliseconds for timers); {@code null} when
     * none exists or none publishes that percentile.
     */
    static Double percentile(MeterRegistry registry, MeterSelector selector, double percentile) {
        Double highest = null;
        for (Meter meter : find(registry, selector)) {
            if (meter instanceof HistogramSupport histogram && !(meter instanceof LongTaskTimer)) {
                for (ValueAtPercentile value : histogram.takeSnapshot().percentileValues()) {
                    if (Math.abs(value.percentile() - percentile) < 1e-9) {
                        double v = meter instanceof Timer ? value.value(TimeUnit.MILLISECONDS) : value.value();
                        if (!Double.isNaN(v) && (highest == null || v > highest)) {
                            highest = v;
                        }
                    }
                }
            }
        }
        return highest;
    }

    /** The values of tag {@code key} among the meters called {@code name}: what a probe can name. */
    static List<String> tagValues(MeterRegistry registry, String name, String key) {
        TreeSet<String> values = new TreeSet<>();
        for (Meter meter : registry.find(name).meters()) {
            String value = meter.getId().getTag(key);
            if (value != null) {
                values.add(value);
            }
        }
        return List.copyOf(values);
    }

    private static double statistic(Meter meter, Statistic wanted) {
        for (Measurement measurement : meter.measure()) {
            if (measurement.getStatistic() == wanted) {
                return measurement.getValue();
            }
        }
        return Double.NaN;
    }
}
