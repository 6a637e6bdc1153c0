package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.turbulence.schema.InvalidDefinitionException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Thousands of mutated definitions through every core entry (the parse entries, the builder, the in-memory
 * source, a watched file, system properties): none throws anything but {@link InvalidDefinitionException}, none
 * loses the plan, none makes deciding a call slow.
 */
class SchemaFuzzTest {

    private static final List<String> VALID = List.of(
            "{\"name\":\"a\",\"fault\":{\"type\":\"latency\",\"fixed\":\"250ms\"},\"seed\":3,\"duration\":\"1h\"}",
            "{\"name\":\"b\",\"fault\":{\"type\":\"latency\",\"min\":\"1ms\",\"max\":\"2s\"},\"everyNth\":4,\"maxInjections\":9}",
            "{\"name\":\"c\",\"fault\":{\"type\":\"latency\",\"distribution\":\"lognormal\",\"median\":\"100ms\",\"sigma\":0.5},\"dryRun\":true}",
            "{\"name\":\"d\",\"fault\":{\"type\":\"exception\",\"class\":\"java.io.IOException\",\"message\":\"disk\"},\"enabled\":false}",
            "{\"name\":\"e\",\"target\":{\"kind\":\"http\",\"name\":\"inv*\",\"attributes\":{\"path\":\"/a/**\"}},\"fault\":{\"type\":\"http-status\",\"status\":503,\"headers\":{\"Retry-After\":\"1\"},\"body\":\"busy\"},\"rate\":0.25}",
            "{\"name\":\"f\",\"target\":{\"kind\":\"http\"},\"fault\":{\"type\":\"corrupt-body\",\"mode\":\"truncate\"}}",
            "{\"name\":\"g\",\"fault\":{\"type\":\"read-timeout\",\"after\":\"5s\"}}",
            "{\"name\":\"h\",\"target\":{\"kind\":\"repository\",\"name\":\"orders\"},\"fault\":{\"type\":\"connection-refused\"}}");
    private static final List<String> CALL_SITE_TYPES = List.of(
            "latency",
            "exception",
            "http-status",
            "connection-refused",
            "connection-reset",
            "read-timeout",
            "corrupt-body",
            "Latency",
            "explode",
            "");
    private static final List<Object> ODD = List.of(
            "",
            " ",
            "\u0000",
            "\uD800",
            "\u202Eevil",
            "\uD83D\uDCA5",
            "ＡＢＣ",
            "x".repeat(20_000),
            "*x".repeat(10_000),
            "**a**a**a**a**a**a**a**a**c",
            "PT1000000000H",
            "-5s",
            "999999999h",
            1e308,
            -1e308,
            1e-320,
            -0.0,
            0,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            new BigInteger("123456789012345678901234567890"),
            true,
            false,
            "true",
            "0.5",
            "java.lang.VirtualMachineError",
            "java.lang.ThreadDeath",
            "java.lang.Error");
    private static final Set<String> KEYS = Set.of(
            "name",
            "target",
            "fault",
            "rate",
            "everyNth",
            "maxInjections",
            "duration",
            "seed",
            "dryRun",
            "enabled",
            "kind",
            "attributes",
            "type",
            "fixed",
            "min",
            "max",
            "distribution",
            "median",
            "sigma",
            "class",
            "preset",
            "message",
            "status",
            "headers",
            "body",
            "after",
            "mode");

    @TempDir
    Path dir;

    static LongStream seeds() {
        return LongStream.range(0, 5).map(i -> 104_729 * i + 11);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void mutatedDefinitionsAreRefusedCleanlyKeepThePlanAndNeverSlowACall(long seed) throws Exception {
        Random random = new Random(seed);
        Path file = dir.resolve("chaos.json");
        Files.writeString(file, "{\"assaults\":[" + VALID.get(0) + "]}");
        String property = SystemPropertyFlagSource.PREFIX + "fuzz";
        System.setProperty(property, VALID.get(6).replace("\"name\":\"g\",", ""));
        long decideNanos = 0;
        int decisions = 0;
        try (ChaosEngine engine = ChaosEngine.builder()
                .source(new FileFlagSource(file))
                .source(new SystemPropertyFlagSource())
                .build()) {
            engine.define(Assault.builder("keep-memory")
                    .target(CallSiteKind.BEAN, "nothing")
                    .fault(new Fault.ConnectionReset())
                    .build());
            engine.enable();
            List<CallSite> sites = List.of(
                    engine.callSite(CallSiteKind.SUPPLIER, "s", Map.of()),
                    engine.callSite(CallSiteKind.HTTP, "inventory", Map.of("path", "/a/" + "a/".repeat(2_000))),
                    engine.callSite(CallSiteKind.REPOSITORY, "a".repeat(5_000), Map.of("method", "find")));
            for (int i = 0; i < 400; i++) {
                String text = mutated(random);
                Set<String> before = names(engine);
                switch (i % 10) {
                    case 0, 1, 2, 3 -> {
                        refusedCleanly(() -> AssaultSchema.fromJson(text));
                        refusedCleanly(() -> AssaultSchema.fromYaml(text));
                    }
                    case 4, 5, 6 -> {
                        boolean defined = refusedCleanly(() -> {
                            engine.define(AssaultSchema.fromJson(text));
                            return null;
                        });
                        if (!defined) {
                            assertThat(names(engine)).isEqualTo(before);
                        }
                    }
                    case 7 -> {
                        Files.writeString(file, "{\"assaults\":[" + text + "]}");
                        boolean valid = refusedCleanly(() -> AssaultSchema.readFile(file));
                        engine.refresh();
                        if (!valid) {
                            assertThat(names(engine)).as(text).isEqualTo(before);
                        }
                    }
                    case 8 -> {
                        System.setProperty(property, text);
                        boolean valid = refusedCleanly(() -> new SystemPropertyFlagSource().assaults());
                        engine.refresh();
                        if (!valid) {
                            assertThat(names(engine)).as(text).isEqualTo(before);
                        }
                    }
                    default -> refusedCleanly(() -> built(random));
                }
                assertThat(names(engine)).contains("keep-memory");
                for (CallSite site : sites) {
                    long started = System.nanoTime();
                    site.decide();
                    decideNanos += System.nanoTime() - started;
                    decisions++;
                }
            }
        } finally {
            System.clearProperty(property);
        }
        assertThat(Duration.ofNanos(decideNanos)).as("%d decisions", decisions).isLessThan(Duration.ofSeconds(2));
    }

    /** Runs {@code entry}; returns whether it accepted, fails the test on anything but a clean refusal. */
    private static boolean refusedCleanly(Callable<?> entry) {
        try {
            entry.call();
            return true;
        } catch (InvalidDefinitionException refused) {
            assertThat(refused.problems()).isNotEmpty();
            assertThat(refused.getMessage()).hasSizeLessThan(1_000_000);
            return false;
        } catch (Throwable other) {
            return fail("escaped: " + other, other);
        }
    }

    private static Assault built(Random random) {
        Assault.Builder builder = Assault.builder(random.nextBoolean() ? "built" : String.valueOf(pick(random, ODD)))
                .fault(
                        random.nextBoolean()
                                ? new Fault.ConnectionReset()
                                : new Fault.FixedLatency(Duration.ofNanos(random.nextLong())))
                .rate(pick(random, List.of(0.5, Double.NaN, Double.POSITIVE_INFINITY, -1.0, 1.0, Double.MIN_VALUE)));
        if (random.nextBoolean()) {
            builder.everyNth(random.nextLong());
        }
        if (random.nextBoolean()) {
            builder.duration(Duration.ofSeconds(random.nextLong()));
        }
        if (random.nextBoolean()) {
            builder.target(
                    CallSiteKind.values()[random.nextInt(CallSiteKind.values().length)],
                    "*x".repeat(random.nextInt(200)));
        }
        return builder.build();
    }

    private static String mutated(Random random) {
        Object tree = AssaultSchema.parseTree(VALID.get(random.nextInt(VALID.size())));
        Object copy = copy(tree);
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            mutate(copy, random, 0);
        }
        String json = json(copy);
        if (random.nextInt(6) == 0) {
            List<String> keys = new ArrayList<>(KEYS);
            json = json.replaceFirst(
                    "\\{", "{\"" + keys.get(random.nextInt(keys.size())) + "\":" + json(pick(random, ODD)) + ",");
        }
        if (random.nextInt(10) == 0) {
            json = json.substring(0, random.nextInt(json.length()));
        }
        return json;
    }

    @SuppressWarnings("unchecked")
    private static void mutate(Object tree, Random random, int depth) {
        if (!(tree instanceof LinkedHashMap<?, ?> raw) || raw.isEmpty()) {
            return;
        }
        Map<String, Object> map = (Map<String, Object>) raw;
        List<String> keys = new ArrayList<>(map.keySet());
        String key = keys.get(random.nextInt(keys.size()));
        Object value = map.get(key);
        if (value instanceof Map && random.nextBoolean() && depth < 3) {
            mutate(value, random, depth + 1);
            return;
        }
        switch (random.nextInt(9)) {
            case 0 -> map.remove(key);
            case 1 -> map.put(rename(key, random), map.remove(key));
            case 2 -> map.put(key, value == null ? null : value.toString());
            case 3 -> map.put(key, pick(random, ODD));
            case 4 -> map.put(key, null);
            case 5 -> map.put(key, nested(value, 1 + random.nextInt(60)));
            case 6 -> map.put(key, List.of(value == null ? "x" : value));
            case 7 -> map.put("type", pick(random, CALL_SITE_TYPES));
            default -> map.put(rename(key, random), pick(random, ODD));
        }
    }

    private static String rename(String key, Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> key.toUpperCase(java.util.Locale.ROOT);
            case 1 -> key.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
            case 2 -> Character.toUpperCase(key.charAt(0)) + key.substring(1);
            default -> key + "\u00A0";
        };
    }

    private static Object nested(Object value, int depth) {
        Object nested = value;
        for (int i = 0; i < depth; i++) {
            nested = i % 2 == 0 ? List.of(nested == null ? "x" : nested) : Map.of("k", nested == null ? "x" : nested);
        }
        return nested;
    }

    private static Object copy(Object tree) {
        if (tree instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(String.valueOf(key), copy(value)));
            return copy;
        }
        if (tree instanceof List<?> list) {
            return list.stream().map(SchemaFuzzTest::copy).collect(Collectors.toCollection(ArrayList::new));
        }
        return tree;
    }

    /** JSON with every non-ASCII character escaped, so that odd unicode reaches the parser as written. */
    private static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(entry -> json(String.valueOf(entry.getKey())) + ":" + json(entry.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SchemaFuzzTest::json).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof String text) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20 || c > 0x7E) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static <T> T pick(Random random, List<T> values, T... ignored) {
        return values.get(random.nextInt(values.size()));
    }

    private static Set<String> names(ChaosEngine engine) {
        return engine.status().stream()
                .map(status -> status.assault().name())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
