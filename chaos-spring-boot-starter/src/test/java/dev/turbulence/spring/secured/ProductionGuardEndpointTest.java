package dev.turbulence.spring.secured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turbulence.ChaosEngine;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A production profile in force only as a default profile, spelled in another case, still holds the guard:
 * chaos stays off, and the endpoint refuses to switch it on with 409 and the reason.
 */
@SpringBootTest(
        classes = SecuredApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "chaos.enabled=true",
            "management.endpoints.web.exposure.include=chaos",
            "spring.profiles.default=Prod",
            "chaos.assaults.slow.fault.type=latency",
            "chaos.assaults.slow.fault.fixed=1ms"
        })
class ProductionGuardEndpointTest {

    private static final String REASON = "production profile [Prod] is in force as a default profile"
            + " and chaos.allow-in-production is false; chaos stays off";

    private final Http http = new Http();

    @Autowired
    ChaosEngine engine;

    @Value("${local.server.port}")
    int port;

    @Test
    void theGuardHoldsUnderADefaultProductionProfileInAnyCaseAndTheEndpointSaysWhy() {
        assertThat(engine.isEnabled()).isFalse();
        assertThat(http.send("GET", port, "/actuator/chaos", null, "engineer").body())
                .contains("\"guard\":{\"blocked\":true,\"reason\":\"" + REASON + "\"}");
    }

    @Test
    void switchingChaosOnIsRefusedWith409AndTheReasonAndChaosStaysOff() {
        HttpResponse<String> refused = http.send("POST", port, "/actuator/chaos", "{\"enabled\":true}", "engineer");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body())
                .isEqualTo("{\"errors\":[{\"field\":\"enabled\",\"value\":true,\"message\":\"is refused: " + REASON
                        + "\"}]}");
        assertThat(engine.isEnabled()).isFalse();
    }
}
