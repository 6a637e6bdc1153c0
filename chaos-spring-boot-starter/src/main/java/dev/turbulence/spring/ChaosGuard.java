package dev.turbulence.spring;

import java.util.Arrays;
import java.util.List;
import org.springframework.core.env.Environment;

/**
 * The production guard: with a production profile active and {@code chaos.allow-in-production} false,
 * chaos stays off whatever else is asked.
 *
 * @param blocked whether chaos must stay off
 * @param reason why, for logs and the endpoint; {@code null} when not blocked
 */
public record ChaosGuard(boolean blocked, String reason) {

    static ChaosGuard of(Environment environment, ChaosProperties properties) {
        List<String> active = Arrays.stream(environment.getActiveProfiles())
                .filter(profile -> properties.productionProfiles().contains(profile))
                .toList();
        if (active.isEmpty() || properties.allowInProduction()) {
            return new ChaosGuard(false, null);
        }
        return new ChaosGuard(
                true,
                "production profile " + active + " is active and chaos.allow-in-production is false; chaos stays off");
    }
}
