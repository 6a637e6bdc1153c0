package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turbulence.schema.InvalidDefinitionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExpiryTest {

    private final MutableClock clock = MutableClock.startingAt("2026-11-26T10:00:00Z");
    private final List<ChaosEvent> events = new CopyOnWriteArrayList<>();
    private final ChaosEngine engine =
            ChaosEngine.builder().clock(clock).listener(events::add).build();
    private final CallSite site = engine.callSite(CallSiteKind.SUPPLIER, "inventory", Map.of());

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void anAssaultWithoutDurationExpiresAfterTheDefaultLifetime() {
        engine.assaults()
                .put(Assault.builder("forever")
                        .fault(new Fault.ConnectionReset())
                        .build());
        engine.enable();
        assertThat(engine.status())
                .singleElement()
                .satisfies(status -> assertThat(status.expiresAt()).isEqualTo(Instant.parse("2026-11-26T10:10:00Z")));

        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(site.decide()).isNotNull();

        clock.advance(Duration.ofMillis(1));
        assertThat(site.decide()).isNull();
        assertThat(engine.status())
                .singleElement()
                .extracting(AssaultStatus::state)
                .isEqualTo(AssaultStatus.State.EXPIRED);
        assertThat(engine.activeAssaultCount()).isZero();
    }

    @Test
    void anAssaultExpiresAfterItsOwnDurationAndSaysSoOnce() {
        engine.assaults()
                .put(Assault.builder("short")
                        .fault(new Fault.ConnectionReset())
                        .duration(Duration.ofSeconds(30))
                        .build());
        engine.enable();
        clock.advance(Duration.ofSeconds(30));

        for (int i = 0; i < 5; i++) {
            assertThat(site.decide()).isNull();
        }

        assertThat(events)
                .filteredOn(ChaosEvent.AssaultExpired.class::isInstance)
                .containsExactly(new ChaosEvent.AssaultExpired(Instant.parse("2026-11-26T10:00:30Z"), "short"));
    }

    @Test
    void theEngineDefaultLifetimeCanBeShortened() {
        try (ChaosEngine shortLived = ChaosEngine.builder()
                .clock(clock)
                .defaultLifetime(Duration.ofSeconds(5))
                .build()) {
            shortLived
                    .assaults()
                    .put(Assault.builder("a").fault(new Fault.ConnectionReset()).build());

            assertThat(shortLived.status())
                    .singleElement()
                    .extracting(AssaultStatus::expiresAt)
                    .isEqualTo(Instant.parse("2026-11-26T10:00:05Z"));
        }
    }

    @Test
    void redefiningAnAssaultRestartsItsLifetimeButRedefiningAnotherDoesNot() {
        engine.assaults()
                .put(Assault.builder("kept").fault(new Fault.ConnectionReset()).build());
        clock.advance(Duration.ofMinutes(1));
        engine.assaults()
                .put(Assault.builder("other").fault(new Fault.ConnectionReset()).build());
        engine.assaults()
                .put(Assault.builder("kept").fault(new Fault.ConnectionReset()).build());

        assertThat(engine.status())
                .extracting(AssaultStatus::expiresAt)
                .containsExactly(Instant.parse("2026-11-26T10:10:00Z"), Instant.parse("2026-11-26T10:11:00Z"));

        engine.assaults()
                .put(Assault.builder("kept")
                        .fault(new Fault.ConnectionRefused())
                        .build());
        assertThat(engine.status().get(0).expiresAt()).isEqualTo(Instant.parse("2026-11-26T10:11:00Z"));
    }

    @Test
    void rejectsAnAssaultLongerThanTheEngineAllowsAndKeepsThePlan() {
        try (ChaosEngine strict = ChaosEngine.builder()
                .clock(clock)
                .maxLifetime(Duration.ofHours(1))
                .build()) {
            strict.define(Assault.builder("ok")
                    .fault(new Fault.ConnectionReset())
                    .duration(Duration.ofHours(1))
                    .build());

            assertThatThrownBy(() -> strict.define(Assault.builder("long")
                            .fault(new Fault.ConnectionReset())
                            .duration(Duration.ofHours(2))
                            .build()))
                    .isInstanceOf(InvalidDefinitionException.class)
                    .hasMessage("Invalid assault 'long': duration must be <= PT1H, but was 'PT2H'");
            assertThat(strict.status())
                    .extracting(status -> status.assault().name())
                    .containsExactly("ok");
        }
    }

    @Test
    void rejectsAWaitLongerThanTheEngineAllowsAndKeepsThePlan() {
        try (ChaosEngine strict = ChaosEngine.builder()
                .clock(clock)
                .maxLifetime(Duration.ofHours(1))
                .build()) {
            strict.define(Assault.builder("ok")
                    .fault(new Fault.FixedLatency(Duration.ofHours(1)))
                    .build());

            assertThatThrownBy(() -> strict.define(Assault.builder("ok")
                            .fault(new Fault.FixedLatency(Duration.ofHours(2)))
                            .build()))
                    .isInstanceOf(InvalidDefinitionException.class)
                    .hasMessage("Invalid assault 'ok': fault.fixed must be <= PT1H, but was 'PT2H'");
            assertThatThrownBy(() -> strict.define(Assault.builder("uniform")
                            .fault(new Fault.UniformLatency(Duration.ofMinutes(1), Duration.ofMinutes(61)))
                            .build()))
                    .hasMessageContaining("fault.max must be <= PT1H");
            assertThatThrownBy(() -> strict.define(Assault.builder("timeout")
                            .fault(new Fault.ReadTimeout(Duration.ofMinutes(61)))
                            .build()))
                    .hasMessageContaining("fault.after must be <= PT1H");
            assertThat(strict.status())
                    .extracting(status -> ((Fault.FixedLatency) status.assault().fault()).delay())
                    .containsExactly(Duration.ofHours(1));
        }
    }

    @Test
    void theInMemorySourceAppliesTheEngineLimitsSoARefusedPutBlocksNothing() {
        try (ChaosEngine strict = ChaosEngine.builder()
                .clock(clock)
                .maxLifetime(Duration.ofHours(1))
                .build()) {
            Assault tooLong = Assault.builder("long")
                    .fault(new Fault.ConnectionReset())
                    .duration(Duration.ofHours(2))
                    .build();

            assertThatThrownBy(() -> strict.assaults()
                            .putAll(List.of(
                                    Assault.builder("fine")
                                            .fault(new Fault.ConnectionReset())
                                            .build(),
                                    tooLong)))
                    .isInstanceOf(InvalidDefinitionException.class)
                    .hasMessageContaining("duration must be <= PT1H");
            assertThat(strict.assaults().assaults()).as("all or nothing").isEmpty();

            strict.define(
                    Assault.builder("later").fault(new Fault.ConnectionReset()).build());
            assertThat(strict.status())
                    .extracting(status -> status.assault().name())
                    .containsExactly("later");
        }
    }

    @Test
    void refusesADefaultLifetimeLongerThanTheMaximum() {
        assertThatThrownBy(() -> ChaosEngine.builder()
                        .maxLifetime(Duration.ofMinutes(5))
                        .defaultLifetime(Duration.ofMinutes(6))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("defaultLifetime PT6M must not exceed maxLifetime PT5M");
        assertThatThrownBy(() -> ChaosEngine.builder().maxLifetime(Duration.ofHours(13)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxLifetime must be > 0 and <= PT12H, but was PT13H");
    }
}
