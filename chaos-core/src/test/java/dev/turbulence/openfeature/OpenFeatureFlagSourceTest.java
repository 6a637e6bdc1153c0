package dev.turbulence.openfeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openfeature.contrib.providers.flagd.Config;
import dev.openfeature.contrib.providers.flagd.FlagdOptions;
import dev.openfeature.contrib.providers.flagd.FlagdProvider;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.providers.memory.Flag;
import dev.openfeature.sdk.providers.memory.InMemoryProvider;
import dev.turbulence.Assault;
import dev.turbulence.AssaultStatus;
import dev.turbulence.ChaosEngine;
import dev.turbulence.ChaosEvent;
import dev.turbulence.schema.InvalidDefinitionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Assaults from a flag of the real flagd provider, reading a flag file in process, for a fleet of instances. */
class OpenFeatureFlagSourceTest {

    private static final AtomicInteger DOMAINS = new AtomicInteger();
    private static final Duration FOLLOWS_WITHIN = Duration.ofSeconds(15);

    @TempDir
    Path directory;

    private Path flagFile;
    private FileTime modified = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
    private FlagdProvider provider;
    private Client client;
    private final List<ChaosEngine> engines = new ArrayList<>();

    @BeforeEach
    void startProvider() throws IOException {
        flagFile = directory.resolve("flags.json");
        write(flags(30, "PT0.001S"));
        provider = new FlagdProvider(FlagdOptions.builder()
                .resolverType(Config.Resolver.FILE)
                .offlineFlagSourcePath(flagFile.toString())
                .offlinePollIntervalMs(100)
                .build());
        String domain = "turbulence-test-" + DOMAINS.incrementAndGet();
        OpenFeatureAPI.getInstance().setProviderAndWait(domain, provider);
        client = OpenFeatureAPI.getInstance().getClient(domain);
        watchingForChanges();
    }

    /**
     * Waits until the provider's poller has taken in a file written after its first read. flagd takes the file's
     * time of modification only after reading it the first time, so a file replaced in between would go unseen;
     * once one later file is seen, every file written afterwards, with a later time, is.
     */
    private void watchingForChanges() throws IOException {
        AtomicInteger changes = new AtomicInteger();
        client.onProviderConfigurationChanged(details -> changes.incrementAndGet());
        String content = Files.readString(flagFile);
        await().atMost(FOLLOWS_WITHIN).pollInterval(Duration.ofMillis(300)).until(() -> {
            if (changes.get() > 0) {
                return true;
            }
            write(content);
            return false;
        });
    }

    @AfterEach
    void stop() {
        engines.forEach(ChaosEngine::close);
        provider.shutdown();
    }

    @Test
    void fractionalTargetingOverTheInstanceIdPutsTheAssaultOnItsShareOfTheFleet() {
        List<String> assaulted = IntStream.range(0, 100)
                .mapToObj(i -> "instance-" + i)
                .filter(id -> !source(id).assaults().isEmpty())
                .toList();

        // the share is decided by a hash of the instance id: the same ids always give the same instances
        assertThat(assaulted).hasSizeBetween(20, 40);
        assertThat(assaulted)
                .allSatisfy(id -> assertThat(source(id).assaults())
                        .singleElement()
                        .extracting(Assault::name)
                        .isEqualTo("inventory-slow"));
    }

    @Test
    void everyInstanceFollowsAnEditedFlagFileAndKeepsServingWhenItBreaks() throws IOException {
        List<ChaosEngine> fleet = IntStream.range(0, 10)
                .mapToObj(i -> engine(source("instance-" + i)))
                .toList();
        await().atMost(FOLLOWS_WITHIN)
                .untilAsserted(() -> assertThat(fleet)
                        .anySatisfy(engine -> assertThat(names(engine)).isNotEmpty()));

        write(flags(100, "PT0.002S"));
        await().atMost(FOLLOWS_WITHIN)
                .untilAsserted(() -> assertThat(fleet)
                        .allSatisfy(engine -> assertThat(engine.status())
                                .singleElement()
                                .satisfies(status -> assertThat(status.assault().fault())
                                        .isEqualTo(new dev.turbulence.Fault.FixedLatency(Duration.ofMillis(2))))));

        write("{ \"flags\": { \"chaos-assaults\": ");
        fleet.forEach(ChaosEngine::enable);
        List<Supplier<String>> stock = fleet.stream()
                .map(engine -> engine.decorateSupplier("inventory", () -> "in stock"))
                .toList();
        // over many polls of the broken file, every instance keeps serving, slowed by its last good assault
        await().during(Duration.ofSeconds(1))
                .atMost(FOLLOWS_WITHIN)
                .until(() -> fleet.stream().allMatch(engine -> names(engine).equals(List.of("inventory-slow")))
                        && stock.stream().allMatch(call -> call.get().equals("in stock")));
    }

    @Test
    void aFlagThatDoesNotExistMeansNoAssaultsFromTheSourceWithOneEvent() throws IOException {
        write("{\"flags\": {}}");
        await().atMost(FOLLOWS_WITHIN)
                .untilAsserted(() -> assertThat(catchFailure(source("instance-1")))
                        .isInstanceOf(OpenFeatureFlagSource.FlagUnavailableException.class)
                        .hasMessageContaining("FLAG_NOT_FOUND"));

        List<ChaosEvent> events = new CopyOnWriteArrayList<>();
        ChaosEngine engine = engine(ChaosEngine.builder().listener(events::add), source("instance-1"));

        await().atMost(FOLLOWS_WITHIN).until(() -> events.stream().anyMatch(ChaosEvent.SourceFailed.class::isInstance));
        assertThat(engine.status()).isEmpty();
    }

    @Test
    void aValueThatIsNoDocumentOfAssaultsIsAnInvalidDefinitionWhichKeepsTheLastGoodAssaults() throws IOException {
        write(flags(100, "PT0.001S"));
        List<ChaosEvent> events = new CopyOnWriteArrayList<>();
        ChaosEngine engine = engine(ChaosEngine.builder().listener(events::add), source("instance-1"));
        await().atMost(FOLLOWS_WITHIN).until(() -> names(engine).equals(List.of("inventory-slow")));

        write("""
                {"flags": {"chaos-assaults": {"state": "ENABLED", "variants": {"on": true}, "defaultVariant": "on"}}}""");

        await().atMost(FOLLOWS_WITHIN)
                .untilAsserted(() -> assertThat(catchFailure(source("instance-1")))
                        .isInstanceOf(InvalidDefinitionException.class)
                        .hasMessageContaining("must be an object, but was true"));
        await().atMost(FOLLOWS_WITHIN)
                .until(() -> events.stream()
                        .anyMatch(event -> event instanceof ChaosEvent.SourceFailed failed
                                && failed.reason().contains("must be an object")));
        assertThat(names(engine)).containsExactly("inventory-slow");
    }

    @Test
    void aValueOfAnotherTypeThanTheProviderCanGiveIsAnInvalidDefinition() {
        String domain = "turbulence-test-" + DOMAINS.incrementAndGet();
        OpenFeatureAPI.getInstance()
                .setProviderAndWait(
                        domain,
                        new InMemoryProvider(Map.of(
                                OpenFeatureFlagSource.DEFAULT_FLAG_KEY,
                                Flag.builder()
                                        .variant("on", true)
                                        .defaultVariant("on")
                                        .build())));
        OpenFeatureFlagSource source = OpenFeatureFlagSource.builder(
                        OpenFeatureAPI.getInstance().getClient(domain), "instance-1")
                .build();

        assertThat(catchFailure(source))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("must be an object flag whose value lists assaults: TYPE_MISMATCH");
    }

    @Test
    void aProviderThatFailsMeansNoAssaultsFromTheSource() {
        String domain = "turbulence-test-" + DOMAINS.incrementAndGet();
        OpenFeatureAPI.getInstance().setProviderAndWait(domain, new Unreachable());
        List<ChaosEvent> events = new CopyOnWriteArrayList<>();
        ChaosEngine engine = engine(
                ChaosEngine.builder().listener(events::add),
                OpenFeatureFlagSource.builder(OpenFeatureAPI.getInstance().getClient(domain), "instance-1")
                        .build());

        await().atMost(FOLLOWS_WITHIN)
                .until(() -> events.stream()
                        .anyMatch(event -> event instanceof ChaosEvent.SourceFailed failed
                                && failed.reason().contains("GENERAL")));
        assertThat(engine.status()).isEmpty();
    }

    @Test
    void aProviderThatRecoversWithoutSayingSoIsReadAgainAtTheRefreshInterval() {
        String domain = "turbulence-test-" + DOMAINS.incrementAndGet();
        Unreachable service = new Unreachable();
        OpenFeatureAPI.getInstance().setProviderAndWait(domain, service);
        List<ChaosEvent> events = new CopyOnWriteArrayList<>();
        ChaosEngine engine = engine(
                ChaosEngine.builder().listener(events::add),
                OpenFeatureFlagSource.builder(OpenFeatureAPI.getInstance().getClient(domain), "instance-1")
                        .refreshInterval(Duration.ofMillis(100))
                        .build());
        await().atMost(FOLLOWS_WITHIN).until(() -> events.stream().anyMatch(ChaosEvent.SourceFailed.class::isInstance));

        service.recover(Value.objectToValue(Map.of(
                "assaults",
                List.of(Map.of(
                        "name", "inventory-slow",
                        "target", Map.of("kind", "supplier"),
                        "fault", Map.of("type", "latency", "fixed", "PT0.001S"))))));

        await().atMost(FOLLOWS_WITHIN).until(() -> names(engine).equals(List.of("inventory-slow")));
    }

    /**
     * A flag service that cannot be reached, so that every evaluation fails, until it {@linkplain #recover recovers}
     * — and then tells no one: its provider sends no event.
     */
    private static final class Unreachable implements FeatureProvider {
        private volatile Value document;

        void recover(Value document) {
            this.document = document;
        }

        @Override
        public Metadata getMetadata() {
            return () -> "unreachable";
        }

        private static <T> ProviderEvaluation<T> down() {
            throw new IllegalStateException("the flag service cannot be reached");
        }

        @Override
        public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean value, EvaluationContext context) {
            return down();
        }

        @Override
        public ProviderEvaluation<String> getStringEvaluation(String key, String value, EvaluationContext context) {
            return down();
        }

        @Override
        public ProviderEvaluation<Integer> getIntegerEvaluation(String key, Integer value, EvaluationContext context) {
            return down();
        }

        @Override
        public ProviderEvaluation<Double> getDoubleEvaluation(String key, Double value, EvaluationContext context) {
            return down();
        }

        @Override
        public ProviderEvaluation<Value> getObjectEvaluation(String key, Value value, EvaluationContext context) {
            Value served = document;
            return served == null
                    ? down()
                    : ProviderEvaluation.<Value>builder().value(served).build();
        }
    }

    private OpenFeatureFlagSource source(String instanceId) {
        return OpenFeatureFlagSource.builder(client, instanceId)
                .attribute("application", "storefront")
                .refreshInterval(Duration.ofMillis(500))
                .build();
    }

    private ChaosEngine engine(OpenFeatureFlagSource source) {
        return engine(ChaosEngine.builder(), source);
    }

    private ChaosEngine engine(ChaosEngine.Builder builder, OpenFeatureFlagSource source) {
        ChaosEngine engine = builder.source(source).build();
        engines.add(engine);
        return engine;
    }

    private static List<String> names(ChaosEngine engine) {
        return engine.status().stream()
                .map(AssaultStatus::assault)
                .map(Assault::name)
                .toList();
    }

    private static Throwable catchFailure(OpenFeatureFlagSource source) {
        try {
            return new AssertionError("assaults were read: " + source.assaults());
        } catch (RuntimeException failure) {
            return failure;
        }
    }

    /** The flag file: {@code share} percent of the instances get a fixed latency of {@code delay}. */
    private static String flags(int share, String delay) {
        return """
                {
                  "$schema": "https://flagd.dev/schema/v0/flags.json",
                  "flags": {
                    "chaos-assaults": {
                      "state": "ENABLED",
                      "variants": {
                        "on": { "assaults": [ { "name": "inventory-slow", "target": { "kind": "supplier" },
                                "fault": { "type": "latency", "fixed": "%s" } } ] },
                        "off": { "assaults": [] }
                      },
                      "defaultVariant": "off",
                      "targeting": { "fractional": [ ["on", %d], ["off", %d] ] }
                    }
                  }
                }
                """.formatted(delay, share, 100 - share);
    }

    /**
     * Replaces the flag file at once, as a deployment would. flagd sees a new file by a time of modification later,
     * in milliseconds, than the last it read; two files written within one tick of the file system's clock share a
     * time, so each file is given one a second after the last.
     */
    private void write(String content) throws IOException {
        Path next = directory.resolve("flags.json.next");
        Files.writeString(next, content);
        modified = FileTime.from(modified.toInstant().plusSeconds(1));
        Files.setLastModifiedTime(next, modified);
        Files.move(next, flagFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
