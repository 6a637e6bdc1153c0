package dev.turbulence.spring;

import dev.turbulence.ProductionGuard;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.core.env.Environment;

/**
 * The production guard as the starter reports it: with a production profile in force and {@code
 * chaos.allow-in-production} false, chaos stays off whatever else is asked. The engine enforces it itself
 * ({@link #policy}), for every caller of {@code enable()}.
 *
 * @param blocked whether chaos must stay off
 * @param reason why, for logs and the endpoint; {@code null} when not blocked
 */
public record ChaosGuard(boolean blocked, String reason) {

    static ChaosGuard of(Environment environment, ChaosProperties properties) {
        ProductionGuard policy = policy(environment, properties);
        if (!policy.blocked()) {
            return new ChaosGuard(false, null);
        }
        List<String> inForce = profilesInForce(environment).stream()
                .filter(profile -> policy.productionProfilesInForce().contains(normalized(profile)))
                .toList();
        String how = environment.getActiveProfiles().length > 0 ? "active" : "in force as a default profile";
        return new ChaosGuard(
                true,
                "production profile " + inForce + " is " + how
                        + " and chaos.allow-in-production is false; chaos stays off");
    }

    /** The engine's guard for this environment: it refuses every {@code enable()} while it blocks. */
    static ProductionGuard policy(Environment environment, ChaosProperties properties) {
        return ProductionGuard.of(
                profilesInForce(environment), properties.productionProfiles(), properties.allowInProduction());
    }

    /**
     * The profiles in force: the active ones, or the default ones while none is active — as Spring itself
     * decides which profile-specific configuration applies. The one place the starter computes them.
     */
    static List<String> profilesInForce(Environment environment) {
        String[] active = environment.getActiveProfiles();
        return Arrays.asList(active.length > 0 ? active : environment.getDefaultProfiles());
    }

    private static String normalized(String profile) {
        return profile.trim().toLowerCase(Locale.ROOT);
    }
}
