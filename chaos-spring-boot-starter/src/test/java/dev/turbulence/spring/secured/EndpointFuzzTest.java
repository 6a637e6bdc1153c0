package dev.turbulence.spring.secured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turbulence.Assault;
import dev.turbulence.AssaultSchema;
import dev.turbulence.AssaultStatus;
import dev.turbulence.ChaosEngine;
import dev.turbulence.Fault;
import dev.turbulence.schema.Json;
import dev.turbulence.spring.ChaosWebEndpointExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Seeded mutations of valid assault definitions, sent over real HTTP and given to the endpoint's operation
 * itself: none may be answered with a 5xx, escape as an exception or take long, and one that is refused leaves the previous assault of its name and the rest of the plan as they were.
 * Chaos is off meanwhile, so an accepted stressor starts nothing.
 */
@SpringBootTest(
        classes = SecuredApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chaos.enabled=true", "management.endpoints.web.exposure.include=chaos"})
class EndpointFuzzTest {

    private static final int REQUESTS_PER_SEED = 40;
    private static final int OPERATIONS_PER_SEED = 1_000;
    private static final Assault PREVIOUS = Assault.builder("fuzz")
            .fault(new Fault.FixedLatency(Duration.ofMillis(3)))
            .build();

    private static final List<String> VALID = List.of(
            "{\"fault\":{\"type\":\"latency\",\"fixed\":\"5ms\"},\"rate\":0.5,\"duration\":\"1m\"}",
            "{\"target\":{\"kind\":\"http\",\"name\":\"inventory*\",\"attributes\":{\"path\":\"/api/**\"}},"
                    + "\"fault\":{\"type\":\"http-status\",\"status\":503,\"headers\":{\"Retry-After\":\"1\"},"
                    + "\"body\":\"busy\"},\"everyNth\":2,\"maxInjections\":10}",
            "{\"target\":{\"kind\":\"supplier\"},\"fault\":{\"type\":\"exception\",\"class\":\"java.io.IOException\","
                    + "\"message\":\"boom\"},\"seed\":42,\"dryRun\":true}",
            "{\"fault\":{\"type\":\"latency\",\"min\":\"1ms\",\"max\":\"9ms\"},\"enabled\":false}",
            "{\"target\":{\"kind\":\"http\"},\"fault\":{\"type\":\"corrupt-body\",\"mode\":\"garbage\"}}",
            "{\"fault\":{\"type\":\"read-timeout\",\"after\":\"2s\"},\"duration\":\"PT30S\"}");

    private static final List<Object> VALUES = List.of(
            "",
            "x",
            "5m",
            "-5m",
            "13h",
            "PT0S",
            "0.5",
            "true",
            "*",
            "**a**a**a**a**a**a**a**c",
            "http",
            "latency",
            "java.lang.VirtualMachineError",
            "java.lang.String",
            "ThreadDeath",
            "x".repeat(2_000),
            0,
            -1,
            1,
            2,
            599,
            600,
            0.5,
            1.5,
            -0.0,
            1e308,
            Long.MAX_VALUE,
            true,
            false,
            List.of(),
            List.of(1, "a"),
            Map.of(),
            Map.of("type", "latency"));

    private final Http http = new Http();

    @Autowired
    ChaosEngine engine;

    @Autowired
    ChaosWebEndpointExtension endpoint;

    @Value("${local.server.port}")
    int port;

    @AfterEach
    void chaosBackOn() {
        engine.assaults().remove("fuzz");
        engine.enable();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void noMutatedDefinitionOverHttpIsAnswered5xxOrChangesThePlanWhenRefused(long seed) {
        fuzz(seed, REQUESTS_PER_SEED, body -> {
            HttpResponse<String> answer = http.send("POST", port, "/actuator/chaos/assaults/fuzz", body, "engineer");
            return new Answer(answer.statusCode(), answer.body());
        });
    }

    /** The endpoint's own operation, without the transport: thousands of mutations in a few seconds. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14})
    void noMutatedDefinitionGivenToTheOperationEscapesOrChangesThePlanWhenRefused(long seed) {
        fuzz(seed, OPERATIONS_PER_SEED, body -> {
            WebEndpointResponse<Object> answer = endpoint.write("assaults", "fuzz", body, null);
            return new Answer(answer.getStatus(), Json.write(answer.getBody()));
        });
    }

    private void fuzz(long seed, int requests, Function<String, Answer> send) {
        Random random = new Random(seed);
        engine.disable();
        for (int i = 0; i < requests; i++) {
            engine.define(PREVIOUS);
            List<Assault> planBefore = plan();
            String body = mutate(VALID.get(random.nextInt(VALID.size())), random);

            long started = System.nanoTime();
            Answer answer = send.apply(body);
            long millis = (System.nanoTime() - started) / 1_000_000;

            String request = "seed " + seed + " #" + i + ": " + abbreviated(body) + " -> " + answer.body();
            assertThat(answer.status()).as(request).isIn(200, 400);
            assertThat(millis).as(request).isLessThan(2_000);
            if (answer.status() == 400) {
                assertThat(answer.body()).as(request).contains("\"errors\":[{\"field\":");
                assertThat(plan()).as(request).isEqualTo(planBefore);
            } else {
                assertThat(plan()).as(request).hasSameSizeAs(planBefore).doesNotContain(PREVIOUS);
            }
        }
    }

    /** What the endpoint answered: the status and the body as JSON. */
    private record Answer(int status, String body) {}

    private List<Assault> plan() {
        return engine.status().stream().map(AssaultStatus::assault).toList();
    }

    /** One to three mutations of the tree, or of the text. */
    @SuppressWarnings("unchecked")
    private static String mutate(String valid, Random random) {
        Map<String, Object> tree = (Map<String, Object>) AssaultSchema.parseTree(valid);
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            Map<String, Object> node = randomObject(tree, random);
            List<String> keys = new ArrayList<>(node.keySet());
            String key = keys.isEmpty() ? "fault" : keys.get(random.nextInt(keys.size()));
            switch (random.nextInt(5)) {
                case 0 -> node.put(key, VALUES.get(random.nextInt(VALUES.size())));
                case 1 -> node.remove(key);
                case 2 -> node.put("unknown" + random.nextInt(3), VALUES.get(random.nextInt(VALUES.size())));
                case 3 -> node.put(Character.toUpperCase(key.charAt(0)) + key.substring(1), node.remove(key));
                default -> node.put(key, null);
            }
        }
        String text = Json.write(tree);
        return switch (random.nextInt(8)) {
            case 0 -> text.substring(0, random.nextInt(text.length()));
            case 1 -> text.replaceFirst("\\{", "{\"rate\":0.1,\"rate\":0.2,");
            case 2 -> "[" + text + "]";
            case 3 -> text.replace('"', random.nextBoolean() ? '\'' : '"') + "}";
            case 4 -> {
                int depth = random.nextInt(1_500);
                yield "{\"target\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "," + text.substring(1);
            }
            default -> text;
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> randomObject(Map<String, Object> tree, Random random) {
        Map<String, Object> node = tree;
        while (random.nextBoolean()) {
            List<Object> children = node.values().stream()
                    .filter(value -> value instanceof LinkedHashMap<?, ?>)
                    .toList();
            if (children.isEmpty()) {
                return node;
            }
            node = (Map<String, Object>) children.get(random.nextInt(children.size()));
        }
        return node;
    }

    private static String abbreviated(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "... (" + body.length() + " chars)";
    }
}
