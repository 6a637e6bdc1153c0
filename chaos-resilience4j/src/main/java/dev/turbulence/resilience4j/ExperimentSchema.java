package dev.turbulence.resilience4j;

import dev.turbulence.Assault;
import dev.turbulence.AssaultSchema;
import dev.turbulence.schema.Binder;
import dev.turbulence.schema.Form;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problem;
import dev.turbulence.schema.Problems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The JSON/YAML form of an {@link Experiment}, in the family of the assault schema: its {@code assaults}
 * list is read by {@link AssaultSchema#fromTree(Object)} unchanged. Reading is strict and reports every
 * problem at once in one {@link InvalidDefinitionException}: unknown fields, wrong types, bad values,
 * probes placed where they cannot be decided. {@link ExperimentRunner#load(String)} adds the problems only
 * the registries can tell (a probe on an unknown breaker, a load calling a name the runner does not know).
 * Stateless and thread-safe.
 */
public final class ExperimentSchema {

    /**
     * An experiment as its file writes it: {@link Experiment#check} validates what it holds, as for one built in
     * code.
     */
    record Document(
            String name,
            List<Probe> steadyState,
            List<Assault> assaults,
            List<Probe> hypothesis,
            List<StopCondition> stopConditions,
            Duration duration,
            Duration baseline,
            List<Probe> recovery,
            List<Alarm> alarms,
            LoadDeclaration load) {

        Document {
            steadyState = orNone(steadyState);
            assaults = orNone(assaults);
            hypothesis = orNone(hypothesis);
            stopConditions = orNone(stopConditions);
            recovery = orNone(recovery);
            alarms = orNone(alarms);
        }

        private static <T> List<T> orNone(List<T> list) {
            return list == null ? List.of() : list;
        }

        Experiment.Draft draft() {
            return new Experiment.Draft(
                    name,
                    steadyState,
                    assaults,
                    hypothesis,
                    stopConditions.stream()
                            .map(stop -> stop == null ? null : stop.alarm())
                            .toList(),
                    duration,
                    baseline,
                    recovery,
                    alarms,
                    load == null ? null : load.load());
        }
    }

    /** An alarm that stops the experiment when it goes to ALARM. */
    record StopCondition(String alarm) {
        StopCondition {
            if (alarm == null) {
                throw new InvalidDefinitionException(
                        "stop condition", List.of(new Problem("alarm", null, "is required")));
            }
        }
    }

    /**
     * The {@code load} of an experiment file: {@code callsPerSecond}, {@code concurrency} and exactly one of {@code
     * call} (a name) and {@code request}.
     */
    record LoadDeclaration(Double callsPerSecond, int concurrency, String call, DeclaredCall.Request request) {
        LoadDeclaration {
            Problems problems = new Problems();
            if (callsPerSecond == null) {
                problems.add("callsPerSecond", null, "is required");
            } else {
                Load.check(callsPerSecond, concurrency, "", problems);
            }
            if ((call == null) == (request == null)) {
                problems.add("", null, "must give exactly one of call (a name registered on the runner) and request");
            }
            problems.throwIfAny("load");
        }

        Load load() {
            return new Load(call != null ? new DeclaredCall.Named(call) : request, callsPerSecond, concurrency);
        }
    }

    /** How an experiment file is read: its parts by their own schemas, its load by its declaration. */
    private static final Binder BINDER = Binder.create()
            .with(Probe.class, ProbeSchema::probe)
            .with(Assault.class, AssaultSchema::read)
            .with(Alarm.class, AlarmSchema::read)
            .with(Form.of(LoadDeclaration.class).defaultTo("concurrency", 1, "1"))
            .with(Form.of(DeclaredCall.Request.class).defaultTo("method", "GET", "GET"));

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
        } catch (InvalidDefinitionException malformed) {
            throw new InvalidDefinitionException("YAML", malformed.problems());
        }
    }

    /** Reads an experiment, adding the problems {@code references} finds in what could be read. */
    static Experiment read(Object tree, BiConsumer<Experiment.Draft, Problems> references) {
        Problems problems = new Problems();
        Document document = BINDER.bind(Document.class, tree, "", problems);
        String name = document == null ? null : document.name();
        if (document != null) {
            Experiment.Draft draft = document.draft();
            Problems checks = new Problems();
            Experiment.check(draft, checks);
            problems.addUnreported(checks.list());
            references.accept(draft, problems);
            problems.throwIfAny(Experiment.describe(name));
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
                    draft.load());
        }
        problems.throwIfAny(Experiment.describe(name));
        throw new IllegalStateException("an experiment that could not be read reports why");
    }
}
