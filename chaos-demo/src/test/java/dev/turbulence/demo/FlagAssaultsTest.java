package dev.turbulence.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turbulence.Assault;
import dev.turbulence.Fault;
import org.junit.jupiter.api.Test;

/** The demo's flag file, read by the real flagd provider: its targeting decides which instance gets the assault. */
class FlagAssaultsTest {

    private static final String FLAGS = "flags/storefront.flagd.json";

    @Test
    void theFlagTargetsTwoStorefrontInstancesAndNoOther() {
        assertThat(FlagAssaults.of(FLAGS, "storefront-2")).singleElement().satisfies(assault -> {
            assertThat(assault.name()).isEqualTo("inventory-resets");
            assertThat(assault.fault()).isEqualTo(new Fault.ConnectionReset());
            assertThat(assault.rate()).isEqualTo(0.2);
        });
        assertThat(FlagAssaults.of(FLAGS, "storefront-3"))
                .extracting(Assault::name)
                .isEmpty();
    }
}
