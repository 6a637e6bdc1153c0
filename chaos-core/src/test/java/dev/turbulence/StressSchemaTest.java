package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turbulence.schema.InvalidDefinitionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StressSchemaTest {

    @TempDir
    Path directory;

    @Test
    void readsEveryStressorAndGivesItTheProcessTarget() {
        Assault disk = AssaultSchema.fromYaml("""
                name: disk-full
                target: { kind: process }
                fault: { type: disk-fill, path: %s, leave-free-bytes: 0, override-safety-floor: true }
                duration: 5m
                """.formatted(directory));
        Assault heap = AssaultSchema.fromJson("""
                { "name": "heap", "fault": { "type": "heap-pressure", "fraction": 0.5 } }""");
        Assault cpu = AssaultSchema.fromJson("""
                { "name": "hot", "fault": { "type": "cpu-burn", "load": 0.75, "threads": 1 } }""");
        Assault pool = AssaultSchema.fromJson("""
                { "name": "pool", "fault": { "type": "thread-exhaustion", "executor": "orders-pool", "threads": 8 } }""");

        assertThat(disk.stress()).isEqualTo(new Stress.DiskFill(directory, 0L, null, true));
        assertThat(heap.stress()).isEqualTo(new Stress.HeapPressure(0.5));
        assertThat(cpu.stress()).isEqualTo(new Stress.CpuBurn(0.75, 1));
        assertThat(pool.stress()).isEqualTo(new Stress.ThreadExhaustion("orders-pool", 8));
        assertThat(Stream.of(disk, heap, cpu, pool))
                .allSatisfy(assault ->
                        assertThat(assault.target()).isEqualTo(new Target(CallSiteKind.PROCESS, Glob.any(), Map.of())));
    }

    @Test
    void writesEveryStressorAsATreeThatReadsBackTheSame() {
        List<Stress> stressors = List.of(
                new Stress.DiskFill(directory, 0L, null, true),
                new Stress.DiskFill(directory, null, 60.0, false),
                new Stress.HeapPressure(0.25),
                new Stress.CpuBurn(0.5, 1),
                new Stress.ThreadExhaustion("orders-pool", 4));

        for (Stress stress : stressors) {
            Assault assault = Assault.builder("stress")
                    .stress(stress)
                    .duration(Duration.ofMinutes(3))
                    .build();
            assertThat(AssaultSchema.fromTree(AssaultSchema.toTree(assault))).isEqualTo(assault);
        }
    }

    @Test
    void noCallSiteMatchesAStressorAndNoCallSiteHasTheProcessKind() {
        Assault heap =
                Assault.builder("heap").stress(new Stress.HeapPressure(0.1)).build();

        for (CallSiteKind kind : CallSiteKind.values()) {
            assertThat(heap.target().matchesSite(kind, "inventory")).isEqualTo(kind == CallSiteKind.PROCESS);
        }
        try (ChaosEngine engine = ChaosEngine.create()) {
            assertThatThrownBy(() -> engine.callSite(CallSiteKind.PROCESS, "jvm", Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a call site has a concrete call-site kind, but was process");
        }
    }

    static Stream<Arguments> badDefinitions() {
        return Stream.of(
                Arguments.of(
                        "{ \"type\": \"heap-pressure\", \"fraction\": 0.95 }",
                        "fault.fraction must be > 0 and <= 0.9, but was 0.95"),
                Arguments.of("{ \"type\": \"heap-pressure\" }", "fault.fraction is required, but was null"),
                Arguments.of(
                        "{ \"type\": \"heap-pressure\", \"fraction\": \"half\" }",
                        "fault.fraction must be a number, but was 'half'"),
                Arguments.of(
                        "{ \"type\": \"cpu-burn\", \"load\": 1.5 }", "fault.load must be > 0 and <= 1, but was 1.5"),
                Arguments.of(
                        "{ \"type\": \"cpu-burn\", \"threads\": \"x\" }",
                        "fault.load is required, but was null; fault.threads must be a whole number, but was 'x'"),
                Arguments.of(
                        "{ \"type\": \"cpu-burn\", \"load\": 0.5, \"threads\": 0 }",
                        "fault.threads must be >= 1, but was 0"),
                Arguments.of(
                        "{ \"type\": \"cpu-burn\", \"load\": 0.5, \"threads\": -3 }",
                        "fault.threads must be >= 1, but was -3"),
                Arguments.of(
                        "{ \"type\": \"thread-exhaustion\", \"executor\": \"orders-pool\", \"threads\": 0 }",
                        "fault.threads must be between 1 and 1024, but was 0"),
                Arguments.of(
                        "{ \"type\": \"thread-exhaustion\", \"threads\": 2 }",
                        "fault.executor is required, but was null"),
                Arguments.of(
                        "{ \"type\": \"thread-exhaustion\", \"executor\": \"orders-pool\", \"threads\": 9999999999 }",
                        "fault.threads must be a whole number of at most 2147483647, but was 9999999999"),
                Arguments.of(
                        "{ \"type\": \"disk-fill\", \"fillPercent\": 50 }", "fault.path is required, but was null"),
                Arguments.of(
                        "{ \"type\": \"disk-fill\", \"path\": \"%s\" }",
                        "fault.leaveFreeBytes is required, or fillPercent, but was null"),
                Arguments.of(
                        "{ \"type\": \"disk-fill\", \"path\": \"%s\", \"leaveFreeBytes\": 0, \"fillPercent\": 50 }",
                        "fault.fillPercent must not be given together with leaveFreeBytes, but was 50.0"),
                Arguments.of(
                        "{ \"type\": \"disk-fill\", \"path\": \"%s\", \"leaveFreeBytes\": -1 }",
                        "fault.leaveFreeBytes must be >= 0, but was -1"),
                Arguments.of(
                        "{ \"type\": \"disk-fill\", \"path\": \"%s\", \"fillPercent\": 120 }",
                        "fault.fillPercent must be > 0 and <= 100, but was 120.0"),
                Arguments.of(
                        "{ \"type\": \"disk-fill\", \"path\": \"%s\", \"fillPercent\": 99 }",
                        "fault.fillPercent must be <= 95 (the safety floor) unless overrideSafetyFloor is true,"
                                + " but was 99.0"),
                Arguments.of(
                        "{ \"type\": \"disk-fill\", \"path\": \"%s\", \"fillPercent\": 50, \"size\": 10 }",
                        "fault.size is not a known field"));
    }

    @ParameterizedTest
    @MethodSource("badDefinitions")
    void rejectsABadStressorNamingFieldAndValue(String fault, String problem) {
        String json = "{ \"name\": \"stress\", \"fault\": " + fault.formatted(directory) + " }";

        assertThatThrownBy(() -> AssaultSchema.fromJson(json))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageStartingWith("Invalid assault 'stress': ")
                .hasMessageContaining(problem);
    }

    @Test
    void rejectsADefinitionFileWithABadStressorWholeAndStartsNothing() throws IOException {
        Path file = Files.writeString(directory.resolve("chaos.yaml"), """
                assaults:
                  - name: hot
                    fault: { type: cpu-burn, load: 0.5, threads: 1 }
                  - name: heap
                    fault: { type: heap-pressure, fraction: 1.5 }
                """);
        StressEvents events = new StressEvents();
        try (ChaosEngine engine = ChaosEngine.builder()
                .source(new FileFlagSource(file))
                .listener(events)
                .build()) {
            engine.enable();

            assertThat(engine.status()).isEmpty();
            assertThat(events.all())
                    .filteredOn(ChaosEvent.SourceFailed.class::isInstance)
                    .singleElement()
                    .extracting(event -> ((ChaosEvent.SourceFailed) event).reason())
                    .asString()
                    .contains("assaults[1].fault.fraction must be > 0 and <= 0.9, but was 1.5");
            assertThat(events.stressor("hot")).isEmpty();
        }
    }

    @Test
    void rejectsStressorsOnCallSiteKindsAndCallSiteFaultsOnTheProcess() {
        assertThatThrownBy(() -> AssaultSchema.fromJson("""
                { "name": "heap", "target": { "kind": "http" },
                  "fault": { "type": "heap-pressure", "fraction": 0.5 } }"""))
                .hasMessage("Invalid assault 'heap': fault.type needs target.kind process (target.kind is http),"
                        + " but was 'heap-pressure'");
        assertThatThrownBy(() -> AssaultSchema.fromJson("""
                { "name": "slow", "target": { "kind": "process" },
                  "fault": { "type": "latency", "fixed": "1s" } }"""))
                .hasMessage("Invalid assault 'slow': target.kind must be a call-site kind for fault.type latency;"
                        + " process takes only disk-fill, heap-pressure, cpu-burn and thread-exhaustion,"
                        + " but was 'process'");
    }

    @Test
    void rejectsPerCallFieldsOnAStressor() {
        assertThatThrownBy(() -> AssaultSchema.fromJson("""
                { "name": "hot", "target": { "kind": "process", "name": "orders" },
                  "fault": { "type": "cpu-burn", "load": 0.5, "threads": 1 },
                  "rate": 0.5, "maxInjections": 3, "dryRun": true }"""))
                .hasMessage("Invalid assault 'hot': "
                        + "rate applies to calls; a stressor (cpu-burn) runs for the assault's whole lifetime,"
                        + " but was 0.5; "
                        + "maxInjections applies to calls; a stressor (cpu-burn) runs for the assault's whole"
                        + " lifetime, but was 3; "
                        + "dryRun applies to calls; a stressor (cpu-burn) runs for the assault's whole lifetime,"
                        + " but was true; "
                        + "target.name applies to call sites; target.kind process has none, but was 'orders'");
        assertThatThrownBy(() -> Assault.builder("hot")
                        .stress(new Stress.CpuBurn(0.5, 1))
                        .everyNth(2)
                        .build())
                .hasMessageContaining("everyNth applies to calls; a stressor (cpu-burn) runs for the assault's"
                        + " whole lifetime, but was 2");
    }

    static DoubleStream seededFractions() {
        return new SplittableRandom(20261102).doubles(24, -0.5, 1.5);
    }

    @ParameterizedTest
    @MethodSource("seededFractions")
    void acceptsAHeapFractionExactlyWhenItIsAboveZeroAndAtMostNineTenths(double fraction) {
        String json =
                "{ \"name\": \"heap\", \"fault\": { \"type\": \"heap-pressure\", \"fraction\": " + fraction + " } }";

        if (fraction > 0 && fraction <= 0.9) {
            assertThat(AssaultSchema.fromJson(json).stress()).isEqualTo(new Stress.HeapPressure(fraction));
        } else {
            assertThatThrownBy(() -> AssaultSchema.fromJson(json))
                    .hasMessage("Invalid assault 'heap': fault.fraction must be > 0 and <= 0.9, but was " + fraction);
        }
    }

    @ParameterizedTest
    @MethodSource("seededFractions")
    void acceptsACpuLoadExactlyWhenItIsAboveZeroAndAtMostOne(double load) {
        String json = "{ \"name\": \"hot\", \"fault\": { \"type\": \"cpu-burn\", \"load\": " + load + " } }";

        if (load > 0 && load <= 1) {
            assertThat(AssaultSchema.fromJson(json).stress()).isEqualTo(new Stress.CpuBurn(load));
        } else {
            assertThatThrownBy(() -> AssaultSchema.fromJson(json))
                    .hasMessage("Invalid assault 'hot': fault.load must be > 0 and <= 1, but was " + load);
        }
    }
}
