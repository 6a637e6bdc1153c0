package dev.turbulence;

import dev.turbulence.schema.Fields;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problem;
import dev.turbulence.schema.Problems;
import dev.turbulence.schema.Trees;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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

/**
 * The one JSON/YAML form of an assault, used unchanged by properties, files, actuator bodies and feature
 * flags. Reading is strict: unknown fields, keys in another case ({@code EveryNth}), keys given twice,
 * {@code null} for a field that has a default, wrong types (a number or a boolean given as a string, a name
 * given as a number) and out-of-range values are all reported at once in one {@link InvalidDefinitionException}.
 * That typing applies to what {@link #parseTree}, {@link #fromJson}, {@link #fromYaml} and {@link #readFile}
 * read; a tree from elsewhere, such as properties bound by Spring, which give every value as a string, may give
 * a number or a boolean as the string that spells it ({@code rate: "0.5"}). Stateless and thread-safe.
 */
public final class AssaultSchema {

    /**
     * The problems of {@code assault} against a maximum lifetime: a {@code duration} longer than it, or a fixed
     * wait a call would sit through longer than it ({@code fault.fixed}, {@code fault.max} of a uniform latency,
     * {@code fault.after} of a read timeout; a read timeout without {@code after} hangs only until the caller's
     * own timeout or the assault's expiry). Empty when it fits.
     *
     * @param limit how the messages name the limit, e.g. {@code PT1H} or {@code chaos.max-duration (PT1H)}
     */
    public static List<Problem> lifetimeProblems(Assault assault, Duration maxLifetime, String limit) {
        List<Problem> problems = new ArrayList<>();
        longerThan(problems, "duration", assault.duration(), maxLifetime, limit);
        if (assault.fault() instanceof Fault.FixedLatency fixed) {
            longerThan(problems, "fault.fixed", fixed.delay(), maxLifetime, limit);
        } else if (assault.fault() instanceof Fault.UniformLatency uniform) {
            longerThan(problems, "fault.max", uniform.max(), maxLifetime, limit);
        } else if (assault.fault() instanceof Fault.ReadTimeout timeout) {
            longerThan(problems, "fault.after", timeout.after(), maxLifetime, limit);
        }
        return problems;
    }

    private static void longerThan(
            List<Problem> problems, String field, Duration value, Duration maxLifetime, String limit) {
        if (value != null && value.compareTo(maxLifetime) > 0) {
            problems.add(new Problem(field, value.toString(), "must be <= " + limit));
        }
    }

    private static final Set<String> ASSAULT_FIELDS = Set.of(
            "name", "target", "fault", "rate", "everyNth", "maxInjections", "duration", "seed", "dryRun", "enabled");
    private static final Set<String> TARGET_FIELDS = Set.of("kind", "name", "attributes");
    private static final Map<String, String> ASSAULT_DEFAULTS = Map.of(
            "rate", "1 (every matching call)",
            "dryRun", "false",
            "enabled", "true",
            "target", "every call site",
            "duration", "the engine's default lifetime");
    private static final Map<String, String> TARGET_DEFAULTS =
            Map.of("kind", "any", "name", "** (every name)", "attributes", "none");
    private static final Map<String, Map<String, String>> FAULT_DEFAULTS = Map.of(
            "latency", Map.of("distribution", "fixed"),
            "http-status", Map.of("headers", "none", "body", "empty"),
            "disk-fill", Map.of("overrideSafetyFloor", "false"),
            "cpu-burn", Map.of("threads", "every available processor"));
    private static final Map<String, Set<String>> FAULT_FIELDS = Map.ofEntries(
            Map.entry("latency", Set.of("type", "fixed", "min", "max", "distribution", "median", "sigma")),
            Map.entry("exception", Set.of("type", "class", "preset", "message", "arguments")),
            Map.entry("http-status", Set.of("type", "status", "headers", "body")),
            Map.entry("connection-refused", Set.of("type")),
            Map.entry("connection-reset", Set.of("type")),
            Map.entry("read-timeout", Set.of("type", "after")),
            Map.entry("corrupt-body", Set.of("type", "mode")),
            Map.entry("disk-fill", Set.of("type", "path", "leaveFreeBytes", "fillPercent", "overrideSafetyFloor")),
            Map.entry("heap-pressure", Set.of("type", "fraction")),
            Map.entry("cpu-burn", Set.of("type", "load", "threads")),
            Map.entry("thread-exhaustion", Set.of("type", "executor", "threads")));

    /** The largest file of assaults read; a larger one is an invalid definition. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    private AssaultSchema() {}

    /** Reads one assault from its JSON form, strictly: YAML is refused. */
    public static Assault fromJson(String json) {
        return fromTree(Trees.readJson(json, "JSON"));
    }

    /** Parses YAML or JSON (read as strict JSON when it is JSON) into a tree of maps, lists and scalars. */
    public static Object parseTree(String yaml) {
        return Trees.read(yaml, "YAML");
    }

    /** Reads one assault from its YAML form, or its JSON form. */
    public static Assault fromYaml(String yaml) {
        return fromTree(Trees.read(yaml, "YAML"));
    }

    /**
     * Reads a file of assaults: JSON ({@code .json}) or YAML, an object whose {@code assaults} field lists
     * them. Names must be unique. All or nothing: one bad assault rejects the whole file.
     *
     * A file that is larger than {@link #MAX_FILE_BYTES} or not UTF-8 text is an invalid definition too.
     *
     * @throws InvalidDefinitionException listing every problem, fields prefixed with {@code assaults[i]}
     * @throws IOException when the file cannot be read
     */
    public static List<Assault> readFile(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new InvalidDefinitionException(
                    "file " + file,
                    List.of(new Problem(
                            "(document)", size + " bytes", "must be at most " + MAX_FILE_BYTES + " bytes")));
        }
        String text = utf8(Files.readAllBytes(file), "file " + file);
        if (text.isBlank()) {
            // an editor truncates before it writes: an empty file is a write in progress, not "no assaults"
            throw new InvalidDefinitionException(
                    "file " + file,
                    List.of(new Problem("(document)", "", "must not be empty; write 'assaults: []' to define none")));
        }
        String subject = "file " + file;
        boolean json = file.getFileName().toString().endsWith(".json");
        return listFromTree(json ? Trees.readJson(text, subject) : Trees.read(text, subject), subject);
    }

    private static String utf8(byte[] bytes, String subject) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, out, true);
        if (result.isError()) {
            throw new InvalidDefinitionException(
                    subject,
                    List.of(new Problem(
                            "(document)",
                            String.format("byte 0x%02X at offset %d", bytes[in.position()] & 0xFF, in.position()),
                            "must be UTF-8 text")));
        }
        return out.flip().toString();
    }

    /** Reads the {@code assaults} list of a tree such as a parsed file; absent means none. */
    public static List<Assault> listFromTree(Object tree, String subject) {
        Problems problems = Trees.isDocument(tree) ? Problems.strict() : new Problems();
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
                } catch (InvalidDefinitionException invalid) {
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

    /** Reads one assault from a tree of maps, lists and scalars, as a JSON or YAML document gives it. */
    public static Assault fromTree(Object tree) {
        return fromTree(tree, null);
    }

    /**
     * Reads one assault from a tree; {@code name}, when given, is its name (as in a map keyed by name or an
     * endpoint path) and must agree with a {@code name} field in the tree. A tree read by {@link #parseTree}
     * is typed strictly; another (properties) may give numbers and booleans as strings.
     */
    public static Assault fromTree(Object tree, String name) {
        Problems problems = Trees.isDocument(tree) ? Problems.strict() : new Problems();
        Fields fields = Fields.of(tree, "", ASSAULT_FIELDS, problems);
        fields.rejectNulls(ASSAULT_DEFAULTS);
        String givenName = fields.string("name");
        if (name != null && givenName != null && !givenName.equals(name)) {
            problems.add("name", givenName, "must be '" + name + "' as the assault is defined under that name");
        }
        String assaultName = name != null ? name : givenName;
        Target target = fields.has("target") ? target(fields.raw("target"), problems) : null;
        Object faultOrStress = fields.has("fault") ? fault(fields.raw("fault"), problems) : null;
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
                    faultOrStress instanceof Fault fault ? fault : null,
                    faultOrStress instanceof Stress stress ? stress : null,
                    rate == null ? 1.0 : rate,
                    everyNth,
                    maxInjections,
                    duration,
                    seed,
                    Boolean.TRUE.equals(dryRun),
                    !Boolean.FALSE.equals(enabled));
            problems.throwIfAny(describe(assaultName));
            return assault;
        } catch (InvalidDefinitionException invalid) {
            for (Problem problem : invalid.problems()) {
                boolean alreadyReported = problems.has(problem.field())
                        || (problem.field().startsWith("fault") && problems.has("fault"))
                        || (problem.field().equals("everyNth") && problems.has("everyNth"));
                if (!alreadyReported && !(problem.field().equals("fault") && fields.has("fault"))) {
                    problems.add(problem.field(), problem.value(), problem.message());
                }
            }
            throw new InvalidDefinitionException(describe(assaultName), problems.list());
        }
    }

    /**
     * Writes {@code assault} in its schema form, as maps, lists and scalars (durations in ISO-8601), so that
     * {@link #fromTree(Object)} reads it back equal. Absent optional fields are left out.
     */
    public static Map<String, Object> toTree(Assault assault) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", assault.name());
        Target target = assault.target();
        Map<String, Object> targetTree = new LinkedHashMap<>();
        targetTree.put("kind", target.kind().id());
        targetTree.put("name", target.name().pattern());
        Map<String, String> attributes = new LinkedHashMap<>();
        target.attributes().forEach((key, glob) -> attributes.put(key, glob.pattern()));
        targetTree.put("attributes", attributes);
        tree.put("target", targetTree);
        tree.put("fault", faultTree(assault.type(), assault.fault() != null ? assault.fault() : assault.stress()));
        if (assault.everyNth() != null) {
            tree.put("everyNth", assault.everyNth());
        } else {
            tree.put("rate", assault.rate());
        }
        putIfPresent(tree, "maxInjections", assault.maxInjections());
        putIfPresent(tree, "duration", assault.duration());
        putIfPresent(tree, "seed", assault.seed());
        tree.put("dryRun", assault.dryRun());
        tree.put("enabled", assault.enabled());
        return tree;
    }

    private static Map<String, Object> faultTree(String type, Object fault) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("type", type);
        if (fault instanceof Fault.LogNormalLatency) {
            tree.put("distribution", "lognormal");
        }
        for (RecordComponent component : fault.getClass().getRecordComponents()) {
            String field = switch (component.getName()) {
                case "exceptionClass" -> "class";
                case "delay" -> "fixed";
                default -> component.getName();
            };
            try {
                putIfPresent(tree, field, component.getAccessor().invoke(fault));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot read " + field + " of " + fault, e);
            }
        }
        return tree;
    }

    private static void putIfPresent(Map<String, Object> tree, String field, Object value) {
        if (value instanceof Duration duration) {
            tree.put(field, duration.toString());
        } else if (value instanceof Class<?> type) {
            tree.put(field, type.getName());
        } else if (value instanceof Path path) {
            tree.put(field, path.toString());
        } else if (value instanceof Enum<?> constant) {
            tree.put(field, constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        } else if (value != null) {
            tree.put(field, value);
        }
    }

    private static String describe(String name) {
        return "assault" + (name == null ? "" : " '" + name + "'");
    }

    private static Target target(Object tree, Problems problems) {
        Fields fields = Fields.of(tree, "target", TARGET_FIELDS, problems);
        fields.rejectNulls(TARGET_DEFAULTS);
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
        fields.stringMap("attributes")
                .forEach((key, glob) -> attributes.put(key, glob(fields, "attributes." + key, glob)));
        return new Target(kind, name == null ? Glob.any() : glob(fields, "name", name), attributes);
    }

    /** The glob of {@code pattern}, or with its problem reported under {@code field} when it is too long. */
    private static Glob glob(Fields fields, String field, String pattern) {
        try {
            return Glob.of(pattern);
        } catch (InvalidDefinitionException tooLong) {
            tooLong.problems().forEach(p -> fields.problems().add(fields.path(field), p.value(), p.message()));
            return Glob.any();
        }
    }

    private static String kindIds() {
        return Arrays.stream(CallSiteKind.values()).map(CallSiteKind::id).collect(Collectors.joining(", "));
    }

    /** The {@link Fault} or {@link Stress} {@code tree} defines, or {@code null} when it has problems. */
    private static Object fault(Object tree, Problems problems) {
        Object given = tree instanceof Map<?, ?> map ? map.get("type") : null;
        String type = given instanceof String text ? text : null;
        if (type == null || !FAULT_FIELDS.containsKey(type)) {
            problems.add(
                    "fault.type",
                    given,
                    "must be one of " + FAULT_FIELDS.keySet().stream().sorted().toList());
            return null;
        }
        Fields fields = Fields.of(tree, "fault", FAULT_FIELDS.get(type), problems);
        fields.rejectNulls(FAULT_DEFAULTS.getOrDefault(type, Map.of()));
        Object fault;
        try {
            fault = switch (type) {
                case "latency" -> latency(fields);
                case "exception" -> exception(fields);
                case "http-status" -> httpStatus(fields);
                case "connection-refused" -> new Fault.ConnectionRefused();
                case "connection-reset" -> new Fault.ConnectionReset();
                case "read-timeout" -> new Fault.ReadTimeout(fields.duration("after"));
                case "disk-fill" -> diskFill(fields);
                case "heap-pressure" -> heapPressure(fields);
                case "cpu-burn" -> cpuBurn(fields);
                case "thread-exhaustion" -> threadExhaustion(fields);
                default -> corruptBody(fields);
            };
        } catch (InvalidDefinitionException invalid) {
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
        if (fields.has("preset")) {
            return jdbcFailure(fields);
        }
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
        List<Object> arguments = fields.has("arguments") ? arguments(fields) : null;
        return new Fault.ExceptionFault(type.asSubclass(Throwable.class), fields.string("message"), arguments);
    }

    /** The {@code arguments} of an exception: a list of strings, numbers and booleans. */
    private static List<Object> arguments(Fields fields) {
        if (!(fields.raw("arguments") instanceof List<?> given)) {
            fields.problems().add(fields.path("arguments"), fields.raw("arguments"), "must be a list");
            throw new IncompleteFault();
        }
        List<Object> arguments = new ArrayList<>();
        boolean scalars = true;
        for (int i = 0; i < given.size(); i++) {
            Object argument = given.get(i);
            if (!(argument instanceof String || argument instanceof Number || argument instanceof Boolean)) {
                fields.problems()
                        .add(
                                fields.path("arguments") + "[" + i + "]",
                                argument,
                                "must be a string, a number or a boolean");
                scalars = false;
            }
            arguments.add(argument);
        }
        if (!scalars) {
            throw new IncompleteFault();
        }
        return arguments;
    }

    private static Fault jdbcFailure(Fields fields) {
        if (fields.has("class")) {
            fields.problems().add(fields.path("class"), fields.raw("class"), "must not be given together with preset");
        }
        String preset = fields.string("preset");
        for (Fault.JdbcFailure.Preset candidate : Fault.JdbcFailure.Preset.values()) {
            if (candidate.id().equals(preset)) {
                return new Fault.JdbcFailure(candidate, fields.string("message"));
            }
        }
        fields.problems()
                .add(
                        fields.path("preset"),
                        preset,
                        "must be one of "
                                + Arrays.stream(Fault.JdbcFailure.Preset.values())
                                        .map(Fault.JdbcFailure.Preset::id)
                                        .collect(Collectors.joining(", ")));
        throw new IncompleteFault();
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

    private static Stress diskFill(Fields fields) {
        String path = fields.requiredString("path");
        Path directory = null;
        try {
            directory = path == null ? null : Path.of(path);
        } catch (InvalidPathException invalid) {
            fields.problems().add(fields.path("path"), path, "must be a file system path: " + invalid.getReason());
        }
        Long leaveFreeBytes = fields.integer("leaveFreeBytes");
        Double fillPercent = fields.number("fillPercent");
        if (unreadable(fields, "leaveFreeBytes", leaveFreeBytes) || unreadable(fields, "fillPercent", fillPercent)) {
            throw new IncompleteFault();
        }
        return new Stress.DiskFill(
                directory, leaveFreeBytes, fillPercent, Boolean.TRUE.equals(fields.bool("overrideSafetyFloor")));
    }

    private static Stress heapPressure(Fields fields) {
        Double fraction = requiredNumber(fields, "fraction");
        if (fraction == null) {
            throw new IncompleteFault();
        }
        return new Stress.HeapPressure(fraction);
    }

    private static Stress cpuBurn(Fields fields) {
        Double load = requiredNumber(fields, "load");
        Integer threads = fields.has("threads") ? requiredInt(fields, "threads") : null;
        if (load == null || unreadable(fields, "threads", threads)) {
            throw new IncompleteFault();
        }
        return new Stress.CpuBurn(load, threads);
    }

    private static Stress threadExhaustion(Fields fields) {
        String executor = fields.requiredString("executor");
        Integer threads = requiredInt(fields, "threads");
        if (threads == null) {
            throw new IncompleteFault();
        }
        return new Stress.ThreadExhaustion(executor, threads);
    }

    /** Whether {@code name} was given but could not be read; its problem is reported already. */
    private static boolean unreadable(Fields fields, String name, Object value) {
        return value == null && fields.has(name);
    }

    /** The number {@code name}, or {@code null} with its problem reported when it is missing or no number. */
    private static Double requiredNumber(Fields fields, String name) {
        if (!fields.has(name)) {
            fields.problems().add(fields.path(name), null, "is required");
            return null;
        }
        return fields.number(name);
    }

    /** The whole number {@code name}, or {@code null} with its problem reported when it is missing or no int. */
    private static Integer requiredInt(Fields fields, String name) {
        if (!fields.has(name)) {
            fields.problems().add(fields.path(name), null, "is required");
            return null;
        }
        Long value = fields.integer(name);
        if (value != null && value != value.intValue()) {
            fields.problems().add(fields.path(name), value, "must be a whole number of at most " + Integer.MAX_VALUE);
            return null;
        }
        return value == null ? null : value.intValue();
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

    /** A fault whose fields already reported their problems. */
    private static final class IncompleteFault extends RuntimeException {
        IncompleteFault() {
            super(null, null, false, false);
        }
    }
}
