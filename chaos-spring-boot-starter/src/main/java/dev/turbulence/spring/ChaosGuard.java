package dev.turbulence.spring;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.env.Environment;

/**
 * The production guard: with a production profile in force and {@code chaos.allow-in-production} false,
 * chaos stays off whatever else is asked.
 *
 * @param blocked whether chaos must stay off
 * @param reason why, for logs and the endpoint; {@code null} when not blocked
 */
public record ChaosGuard(boolean blocked, String reason) {

    static ChaosGuard of(Environment environment, ChaosProperties properties) {
        Set<String> production = properties.productionProfiles().stream()
                .map(ChaosGuard::normalized)
                .collect(Collectors.toSet());
        List<String> inForce = profilesInForce(environment).stream()
                .filter(profile -> production.contains(normalized(profile)))
                .toList();
        if (inForce.isEmpty() || properties.allowInProduction()) {
            return new ChaosGuard(false, null);
        }
        String how = environment.getActiveProfiles().length > 0 ? "active" : "in force as a default profile";
        return new ChaosGuard(
                true,
                "production profile " + inForce + " is " + how
                        + " and chaos.allow-in-production is false; chaos stays off");
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
