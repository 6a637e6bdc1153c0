package dev.turbulence.resilience4j;

import dev.turbulence.schema.Binder;
import dev.turbulence.schema.Form;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problems;
import java.util.TreeMap;

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

    /** How an alarm is written where that differs from its record: its meter inline, {@code for} its duration. */
    private static final Binder BINDER = Binder.create()
            .with(Form.of(Alarm.class)
                    .inline("meter")
                    .field("forDuration", "for")
                    .defaultTo("denominator", null, "none")
                    .defaultTo("percentile", null, "none"))
            .with(Form.of(MeterSelector.class).field("name", "meter").defaultTo("tags", new TreeMap<>(), "none"));

    private AlarmSchema() {}

    /** Reads one alarm from YAML (or JSON, which is valid YAML). */
    public static Alarm fromYaml(String yaml) {
        return fromTree(ExperimentSchema.parse(yaml));
    }

    /** Reads one alarm from a tree of maps, lists and scalars. */
    public static Alarm fromTree(Object tree) {
        return BINDER.bind(Alarm.class, tree, new Problems(), "alarm");
    }

    /** Reads one alarm, reporting its problems with fields prefixed by {@code path}; {@code null} when invalid. */
    static Alarm read(Object tree, String path, Problems problems) {
        return BINDER.bind(Alarm.class, tree, path, problems);
    }
}
