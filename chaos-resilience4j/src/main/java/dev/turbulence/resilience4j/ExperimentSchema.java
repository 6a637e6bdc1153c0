package dev.turbulence.resilience4j;

import dev.turbulence.Assault;
import dev.turbulence.AssaultSchema;
import dev.turbulence.InvalidAssaultException;
import dev.turbulence.internal.Fields;
import dev.turbulence.internal.Problems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The JSON/YAML form of an {@link Experiment}, in the family of the assault schema: its {@code assaults}
 * list is read by {@link AssaultSchema#fromTree(Object)} unchanged. Reading is strict and reports every
 * problem at once in one {@link InvalidExperimentException}: unknown fields, wrong types, bad values,
 * probes placed where they cannot be decided. {@link ExperimentRunner#load(String)} adds the problems only
 * the registries can tell (a probe on an unknown breaker). Stateless and thread-safe.
 */
public final class ExperimentSchema {

    private static final Set<String> FIELDS = Set.of(
            "name",
            "steadyState",
            "assaults",
            "hypothesis",
            "stopConditions",
            "duration",
            "baseline",
            "recovery",
            "alarms");

    private ExperimentSchema() {}

    /** Reads an experiment from JSON. */
    public static Experiment fromJson(String json) {
        return fromYaml(json);
    }

    /** Reads an experiment from YAML (or JSON, which is valid YAML). */
    public static Experiment fromYaml(String yaml) {
        return fromTree(parse(yaml));
    }

    /** Reads an experiment from a JSON or YAML file. */
    public static Experiment readFile(Path file) throws IOException {
        return fromYaml(Files.readString(file));
    }

    /** Reads an experiment from a tree of maps, lists and scalars, as JSON or YAML give it. */
    public static Experiment fromTree(Object tree) {
        return read(tree, (draft, problems) -> {});
    }

    /** Parses YAML or JSON into a tree of maps, lists and scalars. */
    static Object parse(String text) {
        try {
            return AssaultSchema.parseTree(text);
        } catch (InvalidAssaultException malformed) {
            throw new InvalidExperimentException("YAML", malformed.problems());
        }
    }

    /** Reads an experiment, adding the problems {@code references} finds in what could be read. */
    static Experiment read(Object tree, BiConsumer<Experiment.Draft, Problems> references) {
        Problems problems = new Problems();
        Fields fields = Fields.of(tree, "", FIELDS, problems);
        String name = fields.string("name");
        Experiment.Draft draft = new Experiment.Draft(
                name,
                ProbeSchema.list(fields.raw("steadyState"), "steadyState", problems),
                assaults(fields.raw("assaults"), problems),
                ProbeSchema.list(fields.raw("hypothesis"), "hypothesis", problems),
                stopConditions(fields.raw("stopConditions"), problems),
                fields.duration("duration"),
                fields.duration("baseline"),
                ProbeSchema.list(fields.raw("recovery"), "recovery", problems),
                alarms(fields.raw("alarms"), problems));
        Problems checks = new Problems();
        Experiment.check(draft, checks);
        for (var problem : checks.list()) {
            if (!problems.has(problem.field())) {
                problems.add(problem.field(), problem.value(), problem.message());
            }
        }
        references.accept(draft, problems);
        InvalidExperimentException.throwIfAny(Experiment.describe(name), problems);
        return new Experiment(
                name,
                draft.steadyState(),
                draft.assaults(),
                draft.hypothesis(),
                draft.stopConditions(),
                draft.duration(),
                draft.baseline(),
                draft.recovery(),
                draft.alarms(),
                null);
    }

    private static List<Assault> assaults(Object tree, Problems problems) {
        List<Assault> assaults = new ArrayList<>();
        for (Object entry : list(tree, "assaults", problems)) {
            try {
                assaults.add(AssaultSchema.fromTree(entry));
            } catch (InvalidAssaultException invalid) {
                problems.addAll("assaults[" + assaults.size() + "]", invalid.problems());
                assaults.add(null);
            }
        }
        return assaults;
    }

    private static List<String> stopConditions(Object tree, Problems problems) {
        List<String> alarms = new ArrayList<>();
        for (Object entry : list(tree, "stopConditions", problems)) {
            Fields fields = Fields.of(entry, "stopConditions[" + alarms.size() + "]", Set.of("alarm"), problems);
            String alarm = fields.requiredString("alarm");
            alarms.add(alarm);
        }
        return alarms;
    }

    private static List<Alarm> alarms(Object tree, Problems problems) {
        List<Alarm> alarms = new ArrayList<>();
        for (Object entry : list(tree, "alarms", problems)) {
            alarms.add(AlarmSchema.read(entry, "alarms[" + alarms.size() + "]", problems));
        }
        return alarms;
    }

    private static List<?> list(Object tree, String field, Problems problems) {
        if (tree == null) {
            return List.of();
        }
        if (tree instanceof List<?> entries) {
            return entries;
        }
        problems.add(field, tree, "must be a list");
        return List.of();
    }
}
