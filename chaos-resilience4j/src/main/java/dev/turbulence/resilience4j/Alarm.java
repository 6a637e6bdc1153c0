package dev.turbulence.resilience4j;

import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Limits;
import dev.turbulence.schema.Problems;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A threshold over a Micrometer meter, evaluated once per {@code period} by an {@link AlarmMonitor}. It goes
 * to ALARM either CloudWatch-style, when {@code datapointsToAlarm} of the last {@code evaluationPeriods}
 * datapoints breach, or Prometheus-style, when every datapoint breached for at least {@code forDuration}
 * ({@code for} in the schema). A datapoint is missing when the meter does not exist, a ratio has no
 * denominator, a rate has no elapsed time, or a gauge or percentile reads NaN; {@code missingData} says
 * what a missing datapoint counts as. Immutable; the constructor rejects a bad definition whole with an
 * {@link InvalidDefinitionException} that lists every problem.
 *
 * @param name unique name, matching {@link Limits#NAME_PATTERN}
 * @param statistic what one datapoint is
 * @param meter the meters measured (the numerator of a ratio)
 * @param denominator the denominator meters of a {@link Statistic#RATIO}; {@code null} otherwise
 * @param percentile the percentile of a {@link Statistic#PERCENTILE}, {@code 0 < p <= 1}; {@code null} otherwise
 * @param comparison how a datapoint is compared with {@code threshold}
 * @param threshold the bound a datapoint breaches
 * @param period the time between two datapoints
 * @param evaluationPeriods how many of the last datapoints are considered; {@code null} with {@code forDuration}
 * @param datapointsToAlarm how many of them must breach; at most {@code evaluationPeriods}
 * @param forDuration how long datapoints must breach without a break; {@code null} with {@code evaluationPeriods}
 * @param missingData what a missing datapoint counts as
 */
public record Alarm(
        String name,
        Statistic statistic,
        MeterSelector meter,
        MeterSelector denominator,
        Double percentile,
        Comparison comparison,
        double threshold,
        Duration period,
        Integer evaluationPeriods,
        Integer datapointsToAlarm,
        Duration forDuration,
        MissingData missingData) {

    public Alarm {
        Problems problems = new Problems();
        Limits.checkName(problems, "name", name);
        if (statistic == null) {
            problems.add("statistic", null, "is required: one of count, rate, ratio, gauge, percentile");
        }
        if (meter == null) {
            problems.add("meter", null, "is required");
        }
        if (statistic == Statistic.RATIO && denominator == null) {
            problems.add("denominator", null, "is required with statistic ratio");
        } else if (statistic != Statistic.RATIO && denominator != null) {
            problems.add("denominator", denominator.toString(), "is only allowed with statistic ratio");
        }
        if (statistic == Statistic.PERCENTILE && percentile == null) {
            problems.add("percentile", null, "is required with statistic percentile");
        } else if (statistic != Statistic.PERCENTILE && percentile != null) {
            problems.add("percentile", percentile, "is only allowed with statistic percentile");
        } else if (percentile != null && !(percentile > 0 && percentile <= 1)) {
            problems.add("percentile", percentile, "must be > 0 and <= 1");
        }
        if (comparison == null) {
            problems.add(
                    "comparison", null, "is required: one of greater-than, greater-or-equal, less-than, less-or-equal");
        }
        if (!Double.isFinite(threshold)) {
            problems.add("threshold", threshold, "must be a finite number");
        }
        if (period == null) {
            problems.add("period", null, "is required");
        } else if (period.isNegative() || period.isZero()) {
            problems.add("period", period.toString(), "must be > 0");
        }
        checkEvaluation(problems, evaluationPeriods, datapointsToAlarm, forDuration);
        if (missingData == null) {
            problems.add("missingData", null, "is required: one of breaching, not-breaching, ignore");
        }
        problems.throwIfAny("alarm" + (name == null ? "" : " '" + name + "'"));
    }

    private static void checkEvaluation(
            Problems problems, Integer evaluationPeriods, Integer datapointsToAlarm, Duration forDuration) {
        if (forDuration != null) {
            if (evaluationPeriods != null || datapointsToAlarm != null) {
                problems.add(
                        "for",
                        forDuration.toString(),
                        "must not be given together with evaluationPeriods and datapointsToAlarm");
            }
            if (forDuration.isNegative()) {
                problems.add("for", forDuration.toString(), "must be >= 0");
            }
            return;
        }
        if (evaluationPeriods == null) {
            problems.add("evaluationPeriods", null, "or for is required");
        } else if (evaluationPeriods < 1) {
            problems.add("evaluationPeriods", evaluationPeriods, "must be >= 1");
        }
        if (datapointsToAlarm == null) {
            problems.add("datapointsToAlarm", null, "is required with evaluationPeriods");
        } else if (datapointsToAlarm < 1) {
            problems.add("datapointsToAlarm", datapointsToAlarm, "must be >= 1");
        } else if (evaluationPeriods != null && datapointsToAlarm > evaluationPeriods) {
            problems.add(
                    "datapointsToAlarm", datapointsToAlarm, "must be <= evaluationPeriods (" + evaluationPeriods + ")");
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Whether {@code value} breaches the threshold. */
    public boolean breaches(double value) {
        return comparison.test(value, threshold);
    }

    /** The alarm in words, such as {@code rate of errors{kind=failed} > 5.0 in 2 of 3 periods of PT1S}. */
    public String describe() {
        String signal = switch (statistic) {
            case RATIO -> "ratio of " + meter + " to " + denominator;
            case PERCENTILE ->
                "p"
                        + BigDecimal.valueOf(percentile)
                                .movePointRight(2)
                                .stripTrailingZeros()
                                .toPlainString()
                        + " of " + meter + " (ms)";
            default -> statistic.id() + " of " + meter;
        };
        String when = forDuration != null
                ? "for " + forDuration + " (evaluated every " + period + ")"
                : "in " + datapointsToAlarm + " of " + evaluationPeriods + " periods of " + period;
        return signal + " " + comparison.symbol() + " " + threshold + " " + when + ", missing data " + missingData.id();
    }

    /** What one datapoint is, over the period that ends with it. */
    public enum Statistic {
        /** how much the meters' count grew (counters, timers and distribution summaries count events) */
        COUNT,
        /** that growth per second */
        RATE,
        /** the growth of {@code meter} divided by the growth of {@code denominator}; missing when that is zero */
        RATIO,
        /** the gauges' value now */
        GAUGE,
        /** a percentile a timer (milliseconds) or distribution summary publishes ({@code publishPercentiles}) */
        PERCENTILE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a datapoint is compared with the threshold. */
    public enum Comparison {
        GREATER_THAN(">"),
        GREATER_OR_EQUAL(">="),
        LESS_THAN("<"),
        LESS_OR_EQUAL("<=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public String symbol() {
            return symbol;
        }

        boolean test(double value, double threshold) {
            return switch (this) {
                case GREATER_THAN -> value > threshold;
                case GREATER_OR_EQUAL -> value >= threshold;
                case LESS_THAN -> value < threshold;
                case LESS_OR_EQUAL -> value <= threshold;
            };
        }
    }

    /** What a missing datapoint counts as. */
    public enum MissingData {
        /** as a breaching datapoint */
        BREACHING,
        /** as a datapoint within the threshold */
        NOT_BREACHING,
        /** as nothing: it is skipped and the state stays as it is */
        IGNORE;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A reusable builder; {@link #build()} validates and returns an immutable {@link Alarm}. */
    public static final class Builder {
        private final String name;
        private Statistic statistic;
        private MeterSelector meter;
        private MeterSelector denominator;
        private Double percentile;
        private Comparison comparison;
        private double threshold;
        private Duration period;
        private Integer evaluationPeriods;
        private Integer datapointsToAlarm;
        private Duration forDuration;
        private MissingData missingData;

        private Builder(String name) {
            this.name = name;
        }

        public Builder count(MeterSelector meter) {
            return signal(Statistic.COUNT, meter);
        }

        public Builder rate(MeterSelector meter) {
            return signal(Statistic.RATE, meter);
        }

        public Builder gauge(MeterSelector meter) {
            return signal(Statistic.GAUGE, meter);
        }

        public Builder ratio(MeterSelector numerator, MeterSelector denominator) {
            signal(Statistic.RATIO, numerator);
            this.denominator = Objects.requireNonNull(denominator, "denominator");
            return this;
        }

        public Builder percentile(MeterSelector timer, double percentile) {
            signal(Statistic.PERCENTILE, timer);
            this.percentile = percentile;
            return this;
        }

        private Builder signal(Statistic statistic, MeterSelector meter) {
            this.statistic = statistic;
            this.meter = Objects.requireNonNull(meter, "meter");
            this.denominator = null;
            this.percentile = null;
            return this;
        }

        public Builder threshold(Comparison comparison, double threshold) {
            this.comparison = comparison;
            this.threshold = threshold;
            return this;
        }

        public Builder period(Duration period) {
            this.period = period;
            return this;
        }

        /** CloudWatch-style: ALARM when {@code datapointsToAlarm} of the last {@code evaluationPeriods} breach. */
        public Builder datapoints(int datapointsToAlarm, int evaluationPeriods) {
            this.datapointsToAlarm = datapointsToAlarm;
            this.evaluationPeriods = evaluationPeriods;
            this.forDuration = null;
            return this;
        }

        /** Prometheus-style: ALARM when datapoints breached without a break for at least {@code duration}. */
        public Builder forDuration(Duration duration) {
            this.forDuration = duration;
            this.datapointsToAlarm = null;
            this.evaluationPeriods = null;
            return this;
        }

        public Builder missingData(MissingData missingData) {
            this.missingData = missingData;
            return this;
        }

        public Alarm build() {
            return new Alarm(
                    name,
                    statistic,
                    meter,
                    denominator,
                    percentile,
                    comparison,
                    threshold,
                    period,
                    evaluationPeriods,
                    datapointsToAlarm,
                    forDuration,
                    missingData);
        }
    }
}
