package dev.turbulence.resilience4j;

import dev.turbulence.Assault;
import dev.turbulence.AssaultSchema;
import dev.turbulence.schema.Fields;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problems;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The JSON/YAML form of an {@link Experiment}, in the family of the assault schema: its {@code assaults}
 * list is read by {@link AssaultSchema#fromTree(Object)} unchanged. Reading is strict and reports every
 * problem at once in one {@link InvalidDefinitionException}: unknown fields, wrong types, bad values,
 * probes placed where they cannot be decided. {@link ExperimentRunner#load(String)} adds the problems only
 * the registries can tell (a probe on an unknown breaker, a load calling a name the runner does not know).
 * Stateless and thread-safe.
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
            "alarms",
            "load");

    private static final Set<String> LOAD_FIELDS = Set.of("callsPerSecond", "concurrency", "call", "request");

    private static final Set<String> REQUEST_FIELDS = Set.of("method", "path");

    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /** A path on the application's own server: it starts with one slash and holds no space or control character. */
    private static final Pattern PATH = Pattern.compile("/(?!/)[^\\s\\p{Cntrl}]{0,2047}");

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
                alarms(fields.raw("alarms"), problems),
                load(fields.raw("load"), problems));
        Problems checks = new Problems();
        Experiment.check(draft, checks);
        for (var problem : checks.list()) {
            if (!problems.has(problem.field())) {
                problems.add(problem.field(), problem.value(), problem.message());
            }
        }
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

    /**
     * Reads {@code load}: {@code callsPerSecond} (required), {@code concurrency} (1 by default) and exactly one of
     * {@code call} (a name) and {@code request} ({@code method}, GET by default, and {@code path}).
     */
    private static Load load(Object tree, Problems problems) {
        if (tree == null) {
            return null;
        }
        Fields fields = Fields.of(tree, "load", LOAD_FIELDS, problems);
        fields.rejectNulls(Map.of("concurrency", "1"));
        if (!fields.has("callsPerSecond")) {
            problems.add("load.callsPerSecond", null, "is required");
        }
        Double callsPerSecond = fields.number("callsPerSecond");
        Long concurrency = fields.has("concurrency") ? fields.integer("concurrency") : Long.valueOf(1);
        DeclaredCall call = null;
        if (fields.has("call") == fields.has("request")) {
            problems.add("load", null, "must give exactly one of call (a name registered on the runner) and request");
        } else if (fields.has("call")) {
            String name = fields.string("call");
            call = name == null ? null : new DeclaredCall.Named(name);
        } else {
            call = request(fields.raw("request"), problems);
        }
        if (callsPerSecond != null && concurrency != null) {
            Load.check(callsPerSecond, concurrency, "load.", problems);
        }
        return problems.has("load") ? null : new Load(call, callsPerSecond, concurrency.intValue());
    }

    /** Whether {@code path} makes a valid URI on a server's authority, and keeps that authority. */
    private static boolean isUriPath(String path) {
        try {
            return "localhost".equals(URI.create("http://localhost" + path).getRawAuthority());
        } catch (IllegalArgumentException invalid) {
            return false;
        }
    }

    private static DeclaredCall.Request request(Object tree, Problems problems) {
        Fields fields = Fields.of(tree, "load.request", REQUEST_FIELDS, problems);
        fields.rejectNulls(Map.of("method", "GET"));
        String method = fields.has("method") ? fields.string("method") : "GET";
        if (method != null && !METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            problems.add("load.request.method", method, "must be one of " + METHODS);
        }
        String path = fields.requiredString("path");
        if (path != null && !(PATH.matcher(path).matches() && isUriPath(path))) {
            problems.add(
                    "load.request.path",
                    Problems.abbreviate(path),
                    "must be a path on the application's own server: one leading slash, no spaces, at most 2048"
                            + " characters, valid in a URI (encode {, }, | and the like as %7B, %7D, %7C), such as"
                            + " /products/1?view=full");
        }
        return method == null || path == null ? null : new DeclaredCall.Request(method.toUpperCase(Locale.ROOT), path);
    }

    private static List<Assault> assaults(Object tree, Problems problems) {
        List<Assault> assaults = new ArrayList<>();
        for (Object entry : list(tree, "assaults", problems)) {
            try {
                assaults.add(AssaultSchema.fromTree(entry));
            } catch (InvalidDefinitionException invalid) {
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
