package dev.turbulence;

import dev.turbulence.internal.Fields;
import dev.turbulence.internal.Problems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The one JSON/YAML form of an assault, used unchanged by properties, files, actuator bodies and feature
 * flags. Reading is strict: unknown fields, wrong types and out-of-range values are all reported at once
 * in one {@link InvalidAssaultException}. Stateless and thread-safe.
 */
public final class AssaultSchema {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private static final Set<String> ASSAULT_FIELDS = Set.of(
            "name", "target", "fault", "rate", "everyNth", "maxInjections", "duration", "seed", "dryRun", "enabled");
    private static final Set<String> TARGET_FIELDS = Set.of("kind", "name", "attributes");
    private static final Map<String, Set<String>> FAULT_FIELDS = Map.of(
            "latency", Set.of("type", "fixed", "min", "max", "distribution", "median", "sigma"),
            "exception", Set.of("type", "class", "message"),
            "http-status", Set.of("type", "status", "headers", "body"),
            "connection-refused", Set.of("type"),
            "connection-reset", Set.of("type"),
            "read-timeout", Set.of("type", "after"),
            "corrupt-body", Set.of("type", "mode"));

    private AssaultSchema() {}

    /** Reads one assault from its JSON form. */
    public static Assault fromJson(String json) {
        return fromTree(parse(JSON, json, "JSON"));
    }

    /** Parses YAML (or JSON, which is valid YAML) into a tree of maps, lists and scalars. */
    public static Object parseTree(String yaml) {
        return parse(YAML, yaml, "YAML");
    }

    /** Reads one assault from its YAML form (JSON is valid YAML too). */
    public static Assault fromYaml(String yaml) {
        return fromTree(parse(YAML, yaml, "YAML"));
    }

    /**
     * Reads a file of assaults: JSON ({@code .json}) or YAML, an object whose {@code assaults} field lists
     * them. Names must be unique. All or nothing: one bad assault rejects the whole file.
     *
     * @throws InvalidAssaultException listing every problem, fields prefixed with {@code assaults[i]}
     * @throws IOException when the file cannot be read
     */
    public static List<Assault> readFile(Path file) throws IOException {
        String text = Files.readString(file);
        ObjectMapper mapper = file.getFileName().toString().endsWith(".json") ? JSON : YAML;
        Object tree = text.isBlank() ? Map.of() : parse(mapper, text, "file " + file);
        return listFromTree(tree, "file " + file);
    }

    /** Reads the {@code assaults} list of a tree such as a parsed file; absent means none. */
    public static List<Assault> listFromTree(Object tree, String subject) {
        Problems problems = new Problems();
        Fields fields = Fields.of(tree, "", Set.of("assaults"), problems);
        Object list = fields.raw("assaults");
        List<Assault> assaults = new ArrayList<>();
        if (list != null && !(list instanceof List)) {
            problems.add("assaults", list, "must be a list");
        } else if (list != null) {
            List<?> entries = (List<?>) list;
            for (int i = 0; i < entries.size(); i++) {
                try {
                    assaults.add(fromTree(entries.get(i)));
                } catch (InvalidAssaultException invalid) {
                    problems.addAll("assaults[" + i + "]", invalid.problems());
                }
            }
        }
        Set<String> seen = new HashSet<>();
        for (Assault assault : assaults) {
            if (!seen.add(assault.name())) {
                problems.add("assaults", assault.name(), "must have unique names");
            }
        }
        problems.throwIfAny(subject);
        return List.copyOf(assaults);
    }

    /** Reads one assault from a tree of maps, lists and scalars, as JSON, YAML or properties give it. */
    public static Assault fromTree(Object tree) {
        return fromTree(tree, null);
    }

    /**
     * Reads one assault from a tree; {@code name}, when given, is its name (as in a map keyed by name or
     * an endpoint path) and must agree with a {@code name} field in the tree.
     */
    public static Assault fromTree(Object tree, String name) {
        Problems problems = new Problems();
        Fields fields = Fields.of(tree, "", ASSAULT_FIELDS, problems);
        String givenName = fields.string("name");
        if (name != null && givenName != null && !givenName.equals(name)) {
            problems.add("name", givenName, "must be '" + name + "' as the assault is defined under that name");
        }
        String assaultName = name != null ? name : givenName;
        Target target = fields.has("target")
                ? target(Fields.of(fields.raw("target"), "target", TARGET_FIELDS, problems))
                : null;
        Fault fault = fields.has("fault") ? fault(fields.raw("fault"), problems) : null;
        Double rate = fields.number("rate");
        Long everyNth = fields.integer("everyNth");
        if (rate != null && everyNth != null) {
            problems.add("everyNth", everyNth, "must not be given together with rate");
        }
        Long maxInjections = fields.integer("maxInjections");
        Duration duration = fields.duration("duration");
        Long seed = fields.integer("seed");
        Boolean dryRun = fields.bool("dryRun");
        Boolean enabled = fields.bool("enabled");
        try {
            Assault assault = new Assault(
                    assaultName,
                    target,
                    fault,
                    rate == null ? 1.0 : rate,
                    everyNth,
                    maxInjections,
                    duration,
                    seed,
                    Boolean.TRUE.equals(dryRun),
                    !Boolean.FALSE.equals(enabled));
            problems.throwIfAny(describe(assaultName));
            return assault;
        } catch (InvalidAssaultException invalid) {
            for (Problem problem : invalid.problems()) {
                boolean alreadyReported = problems.has(problem.field())
                        || (problem.field().startsWith("fault") && problems.has("fault"))
                        || (problem.field().equals("everyNth") && problems.has("everyNth"));
                if (!alreadyReported && !(problem.field().equals("fault") && fields.has("fault"))) {
                    problems.add(problem.field(), problem.value(), problem.message());
                }
            }
            throw new InvalidAssaultException(describe(assaultName), problems.list());
        }
    }

    private static String describe(String name) {
        return "assault" + (name == null ? "" : " '" + name + "'");
    }

    private static Target target(Fields fields) {
        CallSiteKind kind = CallSiteKind.ANY;
        String kindText = fields.string("kind");
        if (kindText != null) {
            kind = Arrays.stream(CallSiteKind.values())
                    .filter(k -> k.id().equals(kindText.toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .orElse(null);
            if (kind == null) {
                fields.problems().add(fields.path("kind"), kindText, "must be one of " + kindIds());
                kind = CallSiteKind.ANY;
            }
        }
        String name = fields.string("name");
        Map<String, Glob> attributes = new LinkedHashMap<>();
        fields.stringMap("attributes").forEach((key, glob) -> attributes.put(key, Glob.of(glob)));
        return new Target(kind, name == null ? Glob.any() : Glob.of(name), attributes);
    }

    private static String kindIds() {
        return Arrays.stream(CallSiteKind.values()).map(CallSiteKind::id).collect(Collectors.joining(", "));
    }

    private static Fault fault(Object tree, Problems problems) {
        String type = tree instanceof Map<?, ?> map && map.get("type") != null
                ? map.get("type").toString()
                : null;
        if (type == null || !FAULT_FIELDS.containsKey(type)) {
            problems.add(
                    "fault.type",
                    type,
                    "must be one of " + FAULT_FIELDS.keySet().stream().sorted().toList());
            return null;
        }
        Fields fields = Fields.of(tree, "fault", FAULT_FIELDS.get(type), problems);
        Fault fault;
        try {
            fault = switch (type) {
                case "latency" -> latency(fields);
                case "exception" -> exception(fields);
                case "http-status" -> httpStatus(fields);
                case "connection-refused" -> new Fault.ConnectionRefused();
                case "connection-reset" -> new Fault.ConnectionReset();
                case "read-timeout" -> new Fault.ReadTimeout(fields.duration("after"));
                default -> corruptBody(fields);
            };
        } catch (InvalidAssaultException invalid) {
            for (Problem problem : invalid.problems()) {
                if (!problems.has("fault." + problem.field())) {
                    problems.add("fault." + problem.field(), problem.value(), problem.message());
                }
            }
            return null;
        } catch (IncompleteFault incomplete) {
            return null;
        }
        return problems.has("fault") ? null : fault;
    }

    private static Fault latency(Fields fields) {
        String distribution = fields.string("distribution");
        if ("lognormal".equals(distribution)) {
            Double sigma = fields.number("sigma");
            Duration median = fields.duration("median");
            if (sigma == null && !fields.has("sigma")) {
                fields.problems().add(fields.path("sigma"), null, "is required with distribution lognormal");
            }
            return new Fault.LogNormalLatency(median, sigma == null ? 1 : sigma);
        }
        if (distribution != null && !distribution.equals("fixed") && !distribution.equals("uniform")) {
            fields.problems()
                    .add(fields.path("distribution"), distribution, "must be one of fixed, uniform, lognormal");
            throw new IncompleteFault();
        }
        if (fields.has("fixed")) {
            if (fields.has("min") || fields.has("max")) {
                fields.problems()
                        .add(fields.path("fixed"), fields.raw("fixed"), "must not be given together with min and max");
            }
            return new Fault.FixedLatency(fields.duration("fixed"));
        }
        if (fields.has("min") || fields.has("max")) {
            return new Fault.UniformLatency(fields.duration("min"), fields.duration("max"));
        }
        fields.problems()
                .add(
                        fields.path("fixed"),
                        null,
                        "is required, or min and max, or distribution lognormal with median and sigma");
        throw new IncompleteFault();
    }

    private static Fault exception(Fields fields) {
        String className = fields.requiredString("class");
        if (className == null) {
            throw new IncompleteFault();
        }
        Class<?> type;
        try {
            type = Class.forName(className, false, classLoader());
        } catch (ClassNotFoundException | LinkageError notFound) {
            fields.problems().add(fields.path("class"), className, "must name a class on the classpath");
            throw new IncompleteFault();
        }
        if (!Throwable.class.isAssignableFrom(type)) {
            fields.problems().add(fields.path("class"), className, "must name a Throwable");
            throw new IncompleteFault();
        }
        return new Fault.ExceptionFault(type.asSubclass(Throwable.class), fields.string("message"));
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : AssaultSchema.class.getClassLoader();
    }

    private static Fault httpStatus(Fields fields) {
        Long status = fields.integer("status");
        if (status == null) {
            if (!fields.has("status")) {
                fields.problems().add(fields.path("status"), null, "is required");
            }
            throw new IncompleteFault();
        }
        return new Fault.HttpStatus(status.intValue(), fields.stringMap("headers"), fields.string("body"));
    }

    private static Fault corruptBody(Fields fields) {
        String mode = fields.requiredString("mode");
        for (Fault.CorruptBody.Mode candidate : Fault.CorruptBody.Mode.values()) {
            if (candidate.id().equals(mode)) {
                return new Fault.CorruptBody(candidate);
            }
        }
        if (mode != null) {
            fields.problems().add(fields.path("mode"), mode, "must be one of truncate, garbage, empty");
        }
        throw new IncompleteFault();
    }

    private static Object parse(ObjectMapper mapper, String text, String format) {
        try {
            return mapper.readValue(text, Object.class);
        } catch (JacksonException malformed) {
            throw new InvalidAssaultException(
                    format,
                    List.of(new Problem(
                            "(document)", null, "must be valid " + format + ": " + malformed.getOriginalMessage())));
        }
    }

    /** A fault whose fields already reported their problems. */
    private static final class IncompleteFault extends RuntimeException {
        IncompleteFault() {
            super(null, null, false, false);
        }
    }
}
