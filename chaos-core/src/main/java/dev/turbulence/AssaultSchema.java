package dev.turbulence;

import dev.turbulence.schema.Binder;
import dev.turbulence.schema.Form;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problem;
import dev.turbulence.schema.Problems;
import dev.turbulence.schema.Trees;
import dev.turbulence.schema.Union;
import java.io.IOException;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

    /**
     * The faults and stressors by their {@code type}: the one registry a new kind of fault joins. A {@code latency}
     * is fixed, uniform or log-normal by the fields given; an {@code exception} that names a {@code preset} is a
     * JDBC driver's failure.
     */
    private static final Union FAULTS = Union.on("type")
            .type(
                    "latency",
                    AssaultSchema::latency,
                    Set.of("distribution"),
                    List.of(Fault.FixedLatency.class, Fault.UniformLatency.class, Fault.LogNormalLatency.class))
            .type(
                    "exception",
                    AssaultSchema::exception,
                    Set.of(),
                    List.of(Fault.ExceptionFault.class, Fault.JdbcFailure.class))
            .type("http-status", Fault.HttpStatus.class)
            .type("connection-refused", Fault.ConnectionRefused.class)
            .type("connection-reset", Fault.ConnectionReset.class)
            .type("read-timeout", Fault.ReadTimeout.class)
            .type("corrupt-body", Fault.CorruptBody.class)
            .type("returned-value", Fault.ReturnedValue.class)
            .type("disk-fill", Stress.DiskFill.class)
            .type("heap-pressure", Stress.HeapPressure.class)
            .type("cpu-burn", Stress.CpuBurn.class)
            .type("thread-exhaustion", Stress.ThreadExhaustion.class);

    /** How assaults, their targets, faults and stressors are written where that differs from their records. */
    private static final Binder BINDER = Binder.create()
            .with(FAULTS, Fault.class, Stress.class)
            .with(Glob.class, Glob::of, Glob::pattern)
            .with(Path.class, AssaultSchema::path, Path::toString)
            .with(Form.of(Assault.class)
                    .field("stress", "fault")
                    .defaultTo("target", Target.everything(), "every call site")
                    .defaultTo("rate", 1.0, "1 (every matching call)")
                    .defaultTo("duration", null, "the engine's default lifetime")
                    .defaultTo("dryRun", false, "false")
                    .defaultTo("afterCall", false, "false")
                    .defaultTo("requestScoped", false, "false")
                    .defaultTo("enabled", true, "true")
                    .exclusive("everyNth", "rate"))
            .with(Form.of(Target.class)
                    .defaultTo("kind", CallSiteKind.ANY, "any")
                    .defaultTo("name", Glob.any(), "** (every name)")
                    .defaultTo("attributes", Map.of(), "none"))
            .with(Form.of(Fault.FixedLatency.class).field("delay", "fixed"))
            .with(Form.of(Fault.ExceptionFault.class).field("exceptionClass", "class"))
            .with(Form.of(Fault.HttpStatus.class)
                    .defaultTo("headers", Map.of(), "none")
                    .defaultTo("body", null, "empty"))
            .with(Form.of(Fault.ReturnedValue.class).defaultTo("empty", false, "false"))
            .with(Form.of(Stress.DiskFill.class).defaultTo("overrideSafetyFloor", false, "false"))
            .with(Form.of(Stress.CpuBurn.class).defaultTo("threads", null, "every available processor"));

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
        return FILES.bind(AssaultFile.class, tree, problems, subject).assaults();
    }

    /** A file of assaults, or a flag's value: their list, each with a name of its own. */
    private record AssaultFile(List<Assault> assaults) {
        AssaultFile {
            assaults = assaults == null ? List.of() : assaults;
            Problems problems = new Problems();
            Set<String> seen = new HashSet<>();
            for (Assault assault : assaults) {
                if (assault != null && !seen.add(assault.name())) {
                    problems.add("assaults", assault.name(), "must have unique names");
                }
            }
            problems.throwIfAny("file of assaults");
        }
    }

    /** Reads files of assaults, each assault by the one schema of an assault. */
    private static final Binder FILES = Binder.create().with(Assault.class, AssaultSchema::read);

    /**
     * Reads one assault among others, as in a file or an experiment: {@code null} when it is not valid, its problems
     * reported under {@code path}, such as {@code assaults[2]}.
     */
    public static Assault read(Object tree, String path, Problems problems) {
        try {
            return fromTree(tree);
        } catch (InvalidDefinitionException invalid) {
            problems.addAll(path, invalid.problems());
            return null;
        }
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
        Object named = tree;
        String givenName = tree instanceof Map<?, ?> map && map.get("name") instanceof String text ? text : null;
        if (name != null && givenName != null && !givenName.equals(name)) {
            problems.add("name", givenName, "must be '" + name + "' as the assault is defined under that name");
        } else if (name != null && tree instanceof Map<?, ?> map) {
            Map<Object, Object> withName = new LinkedHashMap<>(map);
            withName.put("name", name);
            named = withName;
        }
        return BINDER.bind(Assault.class, named, problems, describe(name != null ? name : givenName));
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
        tree.put("fault", BINDER.write(assault.fault() != null ? assault.fault() : assault.stress()));
        if (assault.everyNth() != null) {
            tree.put("everyNth", assault.everyNth());
        } else {
            tree.put("rate", assault.rate());
        }
        putIfPresent(tree, "maxInjections", assault.maxInjections());
        putIfPresent(tree, "duration", assault.duration());
        putIfPresent(tree, "seed", assault.seed());
        tree.put("dryRun", assault.dryRun());
        tree.put("afterCall", assault.afterCall());
        tree.put("requestScoped", assault.requestScoped());
        tree.put("enabled", assault.enabled());
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

    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException invalid) {
            throw new IllegalArgumentException("must be a file system path: " + invalid.getReason());
        }
    }

    /**
     * The latency {@code tree} stands for: fixed, uniform or log-normal, as {@code distribution} says or by its
     * fields.
     */
    private static Class<? extends Record> latency(Map<?, ?> tree, String path, Problems problems) {
        Object distribution = tree.get("distribution");
        if (tree.containsKey("distribution") && distribution == null) {
            problems.add(path + ".distribution", null, "must not be null; leave it out for the default, fixed");
            return null;
        }
        boolean logNormal = distribution == null && (tree.containsKey("median") || tree.containsKey("sigma"));
        if ("lognormal".equals(distribution) || logNormal) {
            return Fault.LogNormalLatency.class;
        }
        if (distribution != null && !distribution.equals("fixed") && !distribution.equals("uniform")) {
            problems.add(path + ".distribution", distribution, "must be one of fixed, uniform, lognormal");
            return null;
        }
        boolean range = tree.containsKey("min") || tree.containsKey("max");
        if (tree.containsKey("fixed")) {
            if (range) {
                problems.add(path + ".fixed", tree.get("fixed"), "must not be given together with min and max");
            }
            return Fault.FixedLatency.class;
        }
        if (range) {
            return Fault.UniformLatency.class;
        }
        problems.add(
                path + ".fixed", null, "is required, or min and max, or distribution lognormal with median and sigma");
        return null;
    }

    /** The exception {@code tree} stands for: a JDBC driver's when it names a {@code preset}, else its class's. */
    private static Class<? extends Record> exception(Map<?, ?> tree, String path, Problems problems) {
        if (tree.get("preset") == null) {
            return Fault.ExceptionFault.class;
        }
        if (tree.get("class") != null) {
            problems.add(path + ".class", tree.get("class"), "must not be given together with preset");
        }
        return Fault.JdbcFailure.class;
    }
}
