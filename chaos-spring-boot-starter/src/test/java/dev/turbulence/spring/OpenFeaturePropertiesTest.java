package dev.turbulence.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openfeature.contrib.providers.flagd.Config;
import dev.openfeature.contrib.providers.flagd.FlagdOptions;
import dev.openfeature.contrib.providers.flagd.FlagdProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.turbulence.AssaultStatus;
import dev.turbulence.ChaosEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code chaos.openfeature.*}: assaults from a flag of the real flagd provider the application set. */
class OpenFeaturePropertiesTest {

    private static final String DOMAIN = "turbulence-starter-test";

    /** The storefront's instance 7 gets a latency; every other instance, and every other application, none. */
    private static final String FLAGS = """
            {
              "flags": {
                "chaos-assaults": {
                  "state": "ENABLED",
                  "variants": {
                    "on": { "assaults": [ { "name": "inventory-slow", "target": { "kind": "supplier" },
                            "fault": { "type": "latency", "fixed": "1ms" } } ] },
                    "off": { "assaults": [] }
                  },
                  "defaultVariant": "off",
                  "targeting": { "if": [ { "and": [ { "==": [ { "var": "targetingKey" }, "instance-7" ] },
                                                    { "==": [ { "var": "application" }, "storefront" ] } ] },
                                         "on", "off" ] }
                }
              }
            }
            """;

    @TempDir
    Path directory;

    private FlagdProvider provider;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChaosAutoConfiguration.class))
            .withPropertyValues(
                    "chaos.enabled=true",
                    "spring.application.name=storefront",
                    "chaos.openfeature.domain=" + DOMAIN,
                    "chaos.openfeature.refresh-interval=200ms");

    @BeforeEach
    void setProvider() throws IOException {
        Path flags = Files.writeString(directory.resolve("flags.json"), FLAGS);
        provider = new FlagdProvider(FlagdOptions.builder()
                .resolverType(Config.Resolver.FILE)
                .offlineFlagSourcePath(flags.toString())
                .offlinePollIntervalMs(100)
                .build());
        OpenFeatureAPI.getInstance().setProviderAndWait(DOMAIN, provider);
    }

    @AfterEach
    void stopProvider() {
        provider.shutdown();
    }

    @Test
    void theInstanceTheFlagTargetsGetsItsAssaultsAndNoOtherDoes() {
        runner.withPropertyValues("chaos.openfeature.instance-id=instance-7").run(context -> {
            ChaosEngine engine = context.getBean(ChaosEngine.class);
            await().atMost(Duration.ofSeconds(15)).until(() -> names(engine).equals(List.of("inventory-slow")));
        });
        runner.withPropertyValues("chaos.openfeature.instance-id=instance-8").run(context -> {
            ChaosEngine engine = context.getBean(ChaosEngine.class);
            // read at once when the engine is made, and again on each refresh: the flag gives this one nothing
            await().during(Duration.ofMillis(600))
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> names(engine).isEmpty());
        });
    }

    @Test
    void theFlagIsNotReadWhenSwitchedOff() {
        runner.withPropertyValues("chaos.openfeature.instance-id=instance-7", "chaos.openfeature.enabled=false")
                .run(context -> {
                    ChaosEngine engine = context.getBean(ChaosEngine.class);
                    await().during(Duration.ofMillis(600))
                            .atMost(Duration.ofSeconds(15))
                            .until(() -> names(engine).isEmpty());
                });
    }

    @Test
    void anApplicationWithoutTheSdkStartsWithoutTheSource() {
        runner.withClassLoader(new FilteredClassLoader("dev.openfeature"))
                .withPropertyValues("chaos.openfeature.instance-id=instance-7")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ChaosEngine engine = context.getBean(ChaosEngine.class);
                    await().during(Duration.ofMillis(600))
                            .atMost(Duration.ofSeconds(15))
                            .until(() -> names(engine).isEmpty());
                });
    }

    private static List<String> names(ChaosEngine engine) {
        return engine.status().stream()
                .map(AssaultStatus::assault)
                .map(dev.turbulence.Assault::name)
                .toList();
    }
}
