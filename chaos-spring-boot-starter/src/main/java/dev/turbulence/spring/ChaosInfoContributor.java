package dev.turbulence.spring;

import dev.turbulence.AssaultStatus;
import dev.turbulence.ChaosEngine;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds {@code chaos} to {@code /actuator/info}: whether chaos is on, and which assaults can inject now, each with
 * the flag source it came from.
 */
final class ChaosInfoContributor implements InfoContributor {

    private final ChaosEngine engine;
    private final ChaosGuard guard;

    ChaosInfoContributor(ChaosEngine engine, ChaosGuard guard) {
        this.engine = engine;
        this.guard = guard;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail(
                "chaos",
                Map.of(
                        "enabled", engine.isEnabled(),
                        "guard", guard.blocked() ? guard.reason() : "none",
                        "activeAssaults",
                                engine.isEnabled()
                                        ? engine.status().stream()
                                                .filter(status -> status.state() == AssaultStatus.State.ACTIVE)
                                                .map(ChaosInfoContributor::named)
                                                .toList()
                                        : java.util.List.of()));
    }

    private static Map<String, String> named(AssaultStatus status) {
        Map<String, String> named = new LinkedHashMap<>();
        named.put("name", status.assault().name());
        named.put("source", status.source());
        return named;
    }
}
