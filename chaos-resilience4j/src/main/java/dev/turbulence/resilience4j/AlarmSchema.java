package dev.turbulence.resilience4j;

import dev.turbulence.schema.Fields;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problem;
import dev.turbulence.schema.Problems;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The JSON/YAML form of an {@link Alarm}, as it stands in an experiment's {@code alarms} list. Reading is
 * strict: unknown fields, wrong types and out-of-range values are all reported at once in one
 * {@link InvalidDefinitionException}. Stateless and thread-safe.
 *
 * <pre>{@code
 * name: inventory-errors
 * statistic: rate                    # count | rate | ratio | gauge | percentile
 * meter: resilience4j.circuitbreaker.calls
 * tags: { name: inventory, kind: failed }
 * comparison: greater-or-equal       # greater-than | greater-or-equal | less-than | less-or-equal
 * threshold: 5
 * period: 1s
 * evaluationPeriods: 3               # or: for: 10s
 * datapointsToAlarm: 2
 * missingData: not-breaching         # breaching | not-breaching | ignore
 * }</pre>
 */
public final class AlarmSchema {

    private static final Set<String> FIELDS = Set.of(
            "name",
            "statistic",
            "meter",
            "tags",
            "denominator",
            "percentile",
            "comparison",
            "threshold",
            "period",
            "evaluationPeriods",
            "datapointsToAlarm",
            "for",
            "missingData");
    private static final Set<String> SELECTOR_FIELDS = Set.of("meter", "tags");

    private AlarmSchema() {}

    /** Reads one alarm from YAML (or JSON, which is valid YAML). */
    public static Alarm fromYaml(String yaml) {
        return fromTree(ExperimentSchema.parse(yaml));
    }

    /** Reads one alarm from a tree of maps, lists and scalars. */
    public static Alarm fromTree(Object tree) {
        Problems problems = new Problems();
        Alarm alarm = read(tree, "", problems);
        problems.throwIfAny("alarm");
        return alarm;
    }

    /** Reads one alarm, reporting its problems with fields prefixed by {@code path}; {@code null} when invalid. */
    static Alarm read(Object tree, String path, Problems problems) {
        int before = problems.list().size();
        Fields fields = Fields.of(tree, path, FIELDS, problems);
        String name = fields.string("name");
        Alarm.Statistic statistic = constant(fields, "statistic", Alarm.Statistic.values(), Alarm.Statistic::id);
        MeterSelector meter = selector(fields, fields.string("meter"), fields.raw("tags"), "meter");
        MeterSelector denominator = null;
        if (fields.has("denominator")) {
            Fields inner = Fields.of(fields.raw("denominator"), fields.path("denominator"), SELECTOR_FIELDS, problems);
            denominator = selector(inner, inner.string("meter"), inner.raw("tags"), "meter");
        }
        Alarm.Comparison comparison = constant(fields, "comparison", Alarm.Comparison.values(), Alarm.Comparison::id);
        Double threshold = fields.number("threshold");
        if (threshold == null && !fields.has("threshold")) {
            problems.add(fields.path("threshold"), null, "is required");
        }
        Duration period = fields.duration("period");
        Long evaluationPeriods = fields.integer("evaluationPeriods");
        Long datapointsToAlarm = fields.integer("datapointsToAlarm");
        Duration forDuration = fields.duration("for");
        Alarm.MissingData missingData =
                constant(fields, "missingData", Alarm.MissingData.values(), Alarm.MissingData::id);
        try {
            Alarm alarm = new Alarm(
                    name,
                    statistic,
                    meter,
                    denominator,
                    fields.number("percentile"),
                    comparison,
                    threshold == null ? 0 : threshold,
                    period,
                    evaluationPeriods == null ? null : evaluationPeriods.intValue(),
                    datapointsToAlarm == null ? null : datapointsToAlarm.intValue(),
                    forDuration,
                    missingData);
            return problems.list().size() == before ? alarm : null;
        } catch (InvalidDefinitionException invalid) {
            for (Problem problem : invalid.problems()) {
                if (!problems.has(fields.path(problem.field()))) {
                    problems.add(fields.path(problem.field()), problem.value(), problem.message());
                }
            }
            return null;
        }
    }

    private static MeterSelector selector(Fields fields, String meter, Object tags, String field) {
        if (meter == null) {
            return null;
        }
        if (meter.isBlank()) {
            fields.problems().add(fields.path(field), meter, "must name a meter");
            return null;
        }
        return tags == null ? MeterSelector.of(meter) : MeterSelector.of(meter, fields.stringMap("tags"));
    }

    private static <E extends Enum<E>> E constant(Fields fields, String field, E[] values, Function<E, String> id) {
        String text = fields.string(field);
        if (text == null) {
            return null;
        }
        for (E value : values) {
            if (id.apply(value).equals(text.trim())) {
                return value;
            }
        }
        fields.problems()
                .add(
                        fields.path(field),
                        text,
                        "must be one of " + Arrays.stream(values).map(id).collect(Collectors.joining(", ")));
        return null;
    }
}
