package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProductionGuardTest {

    private static final List<String> PRODUCTION = List.of("prod", "production");

    @ParameterizedTest
    @CsvSource({"prod", "Prod", "PRODUCTION", "' prod '"})
    void enableIsRefusedUnderAProductionProfileWhateverItsCaseAndChaosStaysOff(String profile) {
        ProductionGuard guard = ProductionGuard.of(List.of("eu", profile), PRODUCTION, false);
        try (ChaosEngine engine = ChaosEngine.builder().guard(guard).build()) {
            engine.define(
                    Assault.builder("reset").fault(new Fault.ConnectionReset()).build());

            assertThatThrownBy(engine::enable)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(guard.reason())
                    .hasMessageContaining(
                            "production profile [" + profile.trim().toLowerCase(java.util.Locale.ROOT) + "]");
            assertThat(engine.isEnabled()).isFalse();
            assertThat(engine.callSite(CallSiteKind.SUPPLIER, "s", Map.of()).decide())
                    .isNull();
        }
    }

    @Test
    void productionProfilesAreMatchedWhateverTheirCaseToo() {
        ProductionGuard guard = ProductionGuard.of(List.of("prod"), List.of("PROD"), false);

        assertThat(guard.blocked()).isTrue();
        assertThat(guard.productionProfilesInForce()).containsExactly("prod");
    }

    @Test
    void anExplicitOverrideOrNoProductionProfileLetsChaosOn() {
        ProductionGuard allowed = ProductionGuard.of(List.of("prod"), PRODUCTION, true);
        ProductionGuard staging = ProductionGuard.of(List.of("staging"), PRODUCTION, false);

        for (ProductionGuard guard : List.of(allowed, staging, ProductionGuard.NONE)) {
            assertThat(guard.blocked()).isFalse();
            assertThat(guard.reason()).isNull();
            try (ChaosEngine engine = ChaosEngine.builder().guard(guard).build()) {
                engine.enable();
                assertThat(engine.isEnabled()).isTrue();
                assertThat(engine.guard()).isEqualTo(guard);
            }
        }
    }

    @Test
    void disableStillWorksUnderTheGuard() {
        ProductionGuard guard = ProductionGuard.of(List.of("prod"), PRODUCTION, false);
        try (ChaosEngine engine = ChaosEngine.builder().guard(guard).build()) {
            engine.disable();

            assertThat(engine.isEnabled()).isFalse();
        }
    }
}
