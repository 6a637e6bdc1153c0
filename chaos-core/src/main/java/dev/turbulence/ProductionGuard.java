package dev.turbulence;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The production guard, part of the engine: while one of the profiles in force is a production profile and
 * chaos is not explicitly allowed there, {@link ChaosEngine#enable()} refuses, whoever calls it. Profiles match
 * whatever their case ({@code Prod} is {@code prod}) and surrounding blanks. Immutable.
 *
 * @param profilesInForce the application's profiles in force: its active ones or, when none is active, its
 *     default ones
 * @param productionProfiles the profiles under which chaos stays off
 * @param allowInProduction whether chaos may run under a production profile all the same
 */
public record ProductionGuard(Set<String> profilesInForce, Set<String> productionProfiles, boolean allowInProduction) {

    /** The guard of an engine that names no profiles: it never blocks. */
    public static final ProductionGuard NONE = new ProductionGuard(Set.of(), Set.of(), false);

    public ProductionGuard {
        profilesInForce = normalized(profilesInForce);
        productionProfiles = normalized(productionProfiles);
    }

    /** The guard for these profiles; see the record's components. */
    public static ProductionGuard of(
            Collection<String> profilesInForce, Collection<String> productionProfiles, boolean allowInProduction) {
        return new ProductionGuard(Set.copyOf(profilesInForce), Set.copyOf(productionProfiles), allowInProduction);
    }

    /** The production profiles in force, lower-cased and sorted; empty when none is. */
    public List<String> productionProfilesInForce() {
        return profilesInForce.stream()
                .filter(productionProfiles::contains)
                .sorted()
                .toList();
    }

    /** Whether chaos must stay off. */
    public boolean blocked() {
        return !allowInProduction && !productionProfilesInForce().isEmpty();
    }

    /** Why chaos stays off, for logs and endpoints; {@code null} when it does not. */
    public String reason() {
        return blocked()
                ? "production profile " + productionProfilesInForce()
                        + " is in force and chaos is not allowed in production; chaos stays off"
                : null;
    }

    private static Set<String> normalized(Set<String> profiles) {
        Set<String> lower = new TreeSet<>();
        for (String profile : Objects.requireNonNull(profiles, "profiles")) {
            lower.add(Objects.requireNonNull(profile, "profile").trim().toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(lower);
    }
}
