package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ChaosMetricsTest {

    @Test
    void countsInjectionsByAssaultFaultAndTargetAndGaugesActiveAssaults() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ChaosEngine engine = ChaosEngine.create()) {
            new ChaosMetrics(engine).bindTo(registry);
            engine.assaults()
                    .put(Assault.builder("reset")
                            .target(CallSiteKind.SUPPLIER, "inventory")
                            .fault(new Fault.ConnectionReset())
                            .everyNth(2)
                            .build());
            Supplier<String> call = engine.decorateSupplier("inventory", () -> "ok");

            assertThat(registry.get("chaos.assaults.active").gauge().value())
                    .as("off")
                    .isZero();
            engine.enable();
            assertThat(registry.get("chaos.assaults.active").gauge().value()).isEqualTo(1);

            for (int i = 0; i < 6; i++) {
                try {
                    call.get();
                } catch (RuntimeException injected) {
                    assertThat(injected).hasRootCauseMessage("Connection reset");
                }
            }

            assertThat(registry.get("chaos.injections")
                            .tag("assault", "reset")
                            .tag("fault", "connection-reset")
                            .tag("target", "inventory")
                            .counter()
                            .count())
                    .isEqualTo(3);
        }
    }

    @Test
    void aDeletedAssaultTakesItsInjectionMetersWithIt() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ChaosEngine engine = ChaosEngine.create()) {
            new ChaosMetrics(engine).bindTo(registry);
            engine.enable();
            Supplier<String> call = engine.decorateSupplier("inventory", () -> "ok");
            engine.define(Assault.builder("kept")
                    .fault(new Fault.FixedLatency(java.time.Duration.ofNanos(1)))
                    .build());

            for (int i = 0; i < 500; i++) {
                String name = "gone-" + i;
                engine.define(Assault.builder(name)
                        .fault(new Fault.FixedLatency(java.time.Duration.ofNanos(1)))
                        .build());
                call.get();
                assertThat(registry.find("chaos.injections")
                                .tag("assault", name)
                                .counters())
                        .hasSize(1);
                engine.assaults().remove(name);
            }

            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> registry.find("chaos.injections").counters().stream()
                            .allMatch(counter -> "kept".equals(counter.getId().getTag("assault"))));
            assertThat(registry.find("chaos.injections").tag("assault", "kept").counters())
                    .hasSize(1);
        }
    }

    @Test
    void aFailingListenerNeverReachesTheCall() {
        try (ChaosEngine engine = ChaosEngine.create()) {
            engine.addListener(event -> {
                throw new IllegalStateException("listener broke");
            });
            engine.assaults()
                    .put(Assault.builder("reset")
                            .fault(new Fault.ConnectionReset())
                            .build());
            engine.enable();

            assertThatThrownBy(engine.decorateSupplier("s", () -> "ok")::get).hasRootCauseMessage("Connection reset");
        }
    }
}
