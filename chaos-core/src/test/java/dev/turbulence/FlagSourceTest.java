package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagSourceTest {

    private final List<ChaosEvent> events = new CopyOnWriteArrayList<>();

    @Test
    void reloadsAWatchedFileWhenItChanges(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("chaos.yaml");
        Files.writeString(file, "assaults:\n  - { name: one, fault: { type: connection-reset } }\n");
        try (ChaosEngine engine =
                ChaosEngine.builder().source(new FileFlagSource(file)).build()) {
            assertThat(names(engine)).containsExactly("one");

            Files.writeString(file, "assaults:\n  - { name: two, fault: { type: connection-refused } }\n");

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(names(engine)).containsExactly("two"));
        }
    }

    @Test
    void eachAssaultNamesTheSourceItCameFromTheFirstOfThoseDefiningItsName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("chaos.yaml");
        Files.writeString(file, """
                assaults:
                  - { name: shared, fault: { type: connection-reset } }
                  - { name: filed, fault: { type: connection-refused } }
                """);
        try (ChaosEngine engine =
                ChaosEngine.builder().source(new FileFlagSource(file)).build()) {
            engine.define(Assault.builder("shared")
                    .fault(new Fault.ConnectionRefused())
                    .build());

            assertThat(engine.status())
                    .extracting(status -> status.assault().name() + " from " + status.source())
                    .containsExactly("filed from file:" + file.toAbsolutePath().normalize(), "shared from memory");

            engine.assaults().remove("shared");

            assertThat(engine.status())
                    .extracting(status -> status.assault().name() + " from " + status.source())
                    .containsExactly(
                            "filed from file:" + file.toAbsolutePath().normalize(),
                            "shared from file:" + file.toAbsolutePath().normalize());
        }
    }

    @Test
    void aBrokenEditKeepsTheLastGoodAssaultsAndRaisesAnEvent(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("chaos.yaml");
        Files.writeString(file, "assaults:\n  - { name: one, fault: { type: connection-reset } }\n");
        try (ChaosEngine engine = ChaosEngine.builder()
                .source(new FileFlagSource(file))
                .listener(events::add)
                .build()) {
            long version = engine.planVersion();

            Files.writeString(file, "assaults:\n  - { name: one, fault: { type: connection-reset }, rate: 7 }\n");

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> events.stream()
                            .filter(ChaosEvent.SourceFailed.class::isInstance)
                            .map(event -> ((ChaosEvent.SourceFailed) event).reason())
                            .anyMatch(reason -> reason.contains("assaults[0].rate must be > 0 and <= 1, but was 7.0")));
            assertThat(names(engine)).containsExactly("one");
            assertThat(engine.planVersion()).isEqualTo(version);
        }
    }

    @Test
    void anEmptiedFileIsAWriteInProgressAndKeepsTheLastGoodAssaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("chaos.yaml");
        Files.writeString(file, "assaults:\n  - { name: one, fault: { type: connection-reset } }\n");
        try (ChaosEngine engine = ChaosEngine.builder()
                .source(new FileFlagSource(file))
                .listener(events::add)
                .build()) {
            Files.writeString(file, "");
            engine.refresh();

            assertThat(names(engine)).containsExactly("one");
            assertThat(events)
                    .filteredOn(ChaosEvent.SourceFailed.class::isInstance)
                    .isNotEmpty();

            Files.writeString(file, "assaults: []\n");
            engine.refresh();
            assertThat(names(engine)).isEmpty();
        }
    }

    @Test
    void aMissingFileDefinesNoAssaults(@TempDir Path dir) {
        try (ChaosEngine engine = ChaosEngine.builder()
                .source(new FileFlagSource(dir.resolve("absent.json")))
                .build()) {
            assertThat(engine.status()).isEmpty();
        }
    }

    @Test
    void theFirstSourceWinsForTheSameName() {
        InMemoryFlagSource second = new InMemoryFlagSource();
        second.put(
                Assault.builder("shared").fault(new Fault.ConnectionRefused()).build());
        second.put(Assault.builder("only-second")
                .fault(new Fault.ConnectionRefused())
                .build());
        try (ChaosEngine engine = ChaosEngine.builder().source(second).build()) {
            engine.assaults()
                    .put(Assault.builder("shared")
                            .fault(new Fault.ConnectionReset())
                            .build());

            assertThat(engine.status())
                    .extracting(status -> status.assault().name() + "="
                            + status.assault().fault().type())
                    .containsExactly("only-second=connection-refused", "shared=connection-reset");
        }
    }

    @Test
    void aSourceThatThrowsMeansNoAssaultsFromItAndNeverFailsTheApplication() {
        AtomicReference<RuntimeException> outage = new AtomicReference<>();
        FlagSource remote = new FlagSource() {
            @Override
            public String name() {
                return "remote";
            }

            @Override
            public List<Assault> assaults() {
                if (outage.get() != null) {
                    throw outage.get();
                }
                return List.of(Assault.builder("remote-one")
                        .fault(new Fault.ConnectionReset())
                        .build());
            }
        };
        try (ChaosEngine engine =
                ChaosEngine.builder().source(remote).listener(events::add).build()) {
            assertThat(names(engine)).containsExactly("remote-one");

            outage.set(new IllegalStateException("flag service unreachable"));
            engine.refresh();

            assertThat(names(engine)).isEmpty();
            assertThat(events)
                    .contains(new ChaosEvent.SourceFailed(
                            events.get(events.size() - 2).at(), "remote", "flag service unreachable"));

            outage.set(null);
            engine.refresh();
            assertThat(names(engine)).containsExactly("remote-one");
        }
    }

    @Test
    void everyPlanChangeIsAnEventNamingItsSource() {
        try (ChaosEngine engine = ChaosEngine.builder().listener(events::add).build()) {
            engine.assaults()
                    .put(Assault.builder("a").fault(new Fault.ConnectionReset()).build());
            engine.assaults()
                    .put(Assault.builder("a").fault(new Fault.ConnectionReset()).build());
            engine.assaults().remove("a");

            assertThat(events)
                    .filteredOn(ChaosEvent.PlanChanged.class::isInstance)
                    .extracting(event -> (ChaosEvent.PlanChanged) event)
                    .extracting(
                            ChaosEvent.PlanChanged::version,
                            ChaosEvent.PlanChanged::source,
                            ChaosEvent.PlanChanged::assaults)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1L, "memory", List.of("a")),
                            org.assertj.core.groups.Tuple.tuple(2L, "memory", List.of()));
        }
    }

    @Test
    void readsAssaultsFromSystemProperties() {
        System.setProperty("chaos.assault.prop-reset", "{\"fault\":{\"type\":\"connection-reset\"},\"rate\":0.5}");
        try (ChaosEngine engine =
                ChaosEngine.builder().source(new SystemPropertyFlagSource()).build()) {
            assertThat(engine.status()).singleElement().satisfies(status -> {
                assertThat(status.assault().name()).isEqualTo("prop-reset");
                assertThat(status.assault().rate()).isEqualTo(0.5);
            });
        } finally {
            System.clearProperty("chaos.assault.prop-reset");
        }
    }

    @Test
    void rejectsABadSystemPropertyNamingTheProperty() {
        System.setProperty("chaos.assault.bad", "{\"fault\":{\"type\":\"connection-reset\"},\"rate\":2}");
        try (ChaosEngine engine = ChaosEngine.builder()
                .source(new SystemPropertyFlagSource())
                .listener(events::add)
                .build()) {
            assertThat(engine.status()).isEmpty();
            assertThat(events)
                    .filteredOn(ChaosEvent.SourceFailed.class::isInstance)
                    .extracting(event -> ((ChaosEvent.SourceFailed) event).reason())
                    .singleElement()
                    .asString()
                    .contains("chaos.assault.bad.rate must be > 0 and <= 1, but was 2.0");
        } finally {
            System.clearProperty("chaos.assault.bad");
        }
    }

    private static List<String> names(ChaosEngine engine) {
        return engine.status().stream().map(status -> status.assault().name()).toList();
    }
}
