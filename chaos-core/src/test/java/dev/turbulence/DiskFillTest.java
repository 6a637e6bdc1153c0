package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.stress.Stressor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DiskFillTest {

    private static final long MIB = 1 << 20;

    private final List<ChaosEvent> events = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ChaosEngine engine =
            ChaosEngine.builder().listener(events::add).build();
    private SmallFileStore store;

    @BeforeEach
    void mountStore() throws IOException {
        store = SmallFileStore.mount(16, false);
        new ChaosMetrics(engine).bindTo(registry);
    }

    @AfterEach
    void closeEngineThenUnmount() throws IOException {
        engine.close();
        store.close();
    }

    @Test
    void fillsTheFileStoreSoThatAppWritesFailWithNoSpaceLeftOnDevice() throws IOException {
        Path directory = store.directory();
        engine.define(AssaultSchema.fromJson("""
                { "name": "disk-full",
                  "fault": { "type": "disk-fill", "path": "%s", "leaveFreeBytes": 0, "overrideSafetyFloor": true } }""".formatted(directory)));
        engine.enable();

        awaitState("disk-full", Stressor.State.REACHED);

        assertThat(store.usableSpace()).isZero();
        assertThat(diskGauge()).isGreaterThan(15 * MIB);
        assertThatThrownBy(() -> Files.writeString(directory.resolve("orders.log"), "order 42 accepted"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("No space left on device");
    }

    @Test
    void leavesExactlyTheBytesAskedForAndGivesEverythingBackWhenDeleted() throws IOException {
        Path directory = store.directory();
        long before = store.usableSpace();
        engine.define(Assault.builder("disk-low")
                .stress(new Stress.DiskFill(directory, 2 * MIB, null, false))
                .build());
        engine.enable();

        awaitState("disk-low", Stressor.State.REACHED);

        assertThat(store.usableSpace()).isBetween(2 * MIB - 64 * 1024, 2 * MIB);
        assertThat(store.files())
                .isNotEmpty()
                .allSatisfy(
                        file -> assertThat(file.getFileName().toString()).startsWith("turbulence-disk-fill-disk-low-"));
        Files.write(directory.resolve("small.log"), new byte[(int) MIB]);
        assertThatThrownBy(() -> Files.write(directory.resolve("large.log"), new byte[(int) (2 * MIB)]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("No space left on device");
        Files.delete(directory.resolve("small.log"));
        Files.deleteIfExists(directory.resolve("large.log"));

        engine.assaults().remove("disk-low");

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5)).untilAsserted(() -> {
            assertThat(store.files()).isEmpty();
            assertThat(store.usableSpace()).isEqualTo(before);
            assertThat(diskGauge()).isZero();
        });
    }

    @Test
    void fillsToAPercentOfTheFileStore() throws IOException {
        long total = Files.getFileStore(store.directory()).getTotalSpace();
        engine.define(AssaultSchema.fromYaml("""
                name: half-full
                target: { kind: process }
                fault: { type: disk-fill, path: %s, fillPercent: 75 }
                """.formatted(store.directory())));
        engine.enable();

        awaitState("half-full", Stressor.State.REACHED);

        assertThat(store.usableSpace()).isBetween(total / 4 - 64 * 1024, total / 4);
    }

    @Test
    void refusesToGoBelowTheSafetyFloorUnlessTheDefinitionOverridesIt() throws IOException {
        Path directory = store.directory();
        long floor = (long) (Files.getFileStore(directory).getTotalSpace() * Stress.DiskFill.SAFETY_FLOOR);
        engine.define(Assault.builder("below-floor")
                .stress(new Stress.DiskFill(directory, floor - 1, null, false))
                .build());
        engine.enable();

        assertThat(failure("below-floor"))
                .isEqualTo("could not start: disk-fill leaveFreeBytes must be >= " + floor
                        + ", 5 % of the file store (the safety floor) unless overrideSafetyFloor is true, but was "
                        + (floor - 1));
        assertThat(store.usableSpace()).isGreaterThan(floor);
        assertThatThrownBy(() -> new Stress.DiskFill(directory, null, 96.0, false))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("Invalid disk-fill: fillPercent must be <= 95 (the safety floor) unless"
                        + " overrideSafetyFloor is true, but was 96.0");
        assertThat(new Stress.DiskFill(directory, floor, null, false).targetFreeBytes(16 * MIB))
                .isEqualTo(floor);
        assertThat(new Stress.DiskFill(directory, 0L, null, true).targetFreeBytes(16 * MIB))
                .isZero();
    }

    @Test
    void aDirectoryNobodyCanWriteToFailsTheStressorWhenItStartsAndTheApplicationGoesOn() throws IOException {
        try (SmallFileStore readOnly = SmallFileStore.mount(1, true)) {
            Path directory = readOnly.directory();
            engine.enable();

            engine.define(AssaultSchema.fromJson("""
                    { "name": "disk-full", "fault": { "type": "disk-fill", "path": "%s", "fillPercent": 50 } }""".formatted(directory)));

            assertThat(failure("disk-full"))
                    .isEqualTo("could not start: disk-fill path must be a writable directory, but was '" + directory
                            + "'");
            assertThat(diskGauge()).isZero();
            assertThat(engine.decorateSupplier("orders", () -> "served").get()).isEqualTo("served");
        }
    }

    @Test
    void aMissingPathOrAFileFailsTheStressorWhenItStarts() throws IOException {
        Path file = Files.writeString(store.directory().resolve("not-a-directory"), "x");
        Path missing = store.directory().resolve("missing");
        engine.define(Assault.builder("on-a-file")
                .stress(new Stress.DiskFill(file, 0L, null, true))
                .build());
        engine.define(AssaultSchema.fromJson("""
                { "name": "disk-full", "fault": { "type": "disk-fill", "path": "%s", "leaveFreeBytes": 0,
                  "overrideSafetyFloor": true } }""".formatted(missing)));

        engine.enable();

        assertThat(failure("on-a-file"))
                .isEqualTo("could not start: disk-fill path must be an existing directory, but was '" + file + "'");
        assertThat(failure("disk-full"))
                .isEqualTo("could not start: disk-fill path must be an existing directory, but was '" + missing + "'");
        assertThat(Files.exists(missing)).isFalse();
    }

    @Test
    void aDefinitionReadsNoFileAndChecksOnlyItsOwnValues() {
        Path nowhere = store.directory().resolve("not-yet");

        assertThat(new Stress.DiskFill(nowhere, 1L, null, false).path()).isEqualTo(nowhere);
        assertThatThrownBy(() -> new Stress.DiskFill(null, -1L, null, false))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage(
                        "Invalid disk-fill: path is required, but was null; leaveFreeBytes must be >= 0, but was -1");
    }

    @Test
    void reportsAFailureInsteadOfThrowingWhenItsDirectoryVanishedBeforeItStarts() throws IOException {
        Path directory = Files.createDirectory(store.directory().resolve("spool"));
        engine.define(Assault.builder("disk-full")
                .stress(new Stress.DiskFill(directory, 0L, null, true))
                .build());
        Files.delete(directory);

        engine.enable();

        assertThat(events)
                .filteredOn(ChaosEvent.StressorChanged.class::isInstance)
                .map(ChaosEvent.StressorChanged.class::cast)
                .singleElement()
                .satisfies(failed -> {
                    assertThat(failed.state()).isEqualTo(Stressor.State.FAILED);
                    assertThat(failed.detail())
                            .isEqualTo("could not start: disk-fill path must be an existing directory, but was '"
                                    + directory + "'");
                });
        assertThat(diskGauge()).isZero();
    }

    /** The detail of the {@code FAILED} event of {@code assault}'s stressor, once it came. */
    private String failure(String assault) {
        awaitState(assault, Stressor.State.FAILED);
        return events.stream()
                .filter(event -> event instanceof ChaosEvent.StressorChanged changed
                        && changed.assault().equals(assault)
                        && changed.state() == Stressor.State.FAILED)
                .map(event -> ((ChaosEvent.StressorChanged) event).detail())
                .findFirst()
                .orElseThrow();
    }

    private double diskGauge() {
        return registry.get("chaos.stress.disk.bytes").gauge().value();
    }

    private void awaitState(String assault, Stressor.State state) {
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> events.stream()
                        .anyMatch(event -> event instanceof ChaosEvent.StressorChanged changed
                                && changed.assault().equals(assault)
                                && changed.state() == state));
    }
}
