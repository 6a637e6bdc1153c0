package dev.turbulence.spring;

import dev.openfeature.sdk.OpenFeatureAPI;
import dev.turbulence.FlagSource;
import dev.turbulence.openfeature.OpenFeatureFlagSource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.springframework.core.env.Environment;

/**
 * The OpenFeature flag source of {@code chaos.openfeature.*}; the only class of the starter that names the SDK's,
 * loaded only when it is on the class path.
 */
final class OpenFeatureSources {

    private OpenFeatureSources() {}

    /**
     * The source evaluating the flag with the provider of the configured domain, for this instance: its targeting
     * key is the instance id, its attributes the application's name, host name and active profiles. Until the
     * application sets a provider, the SDK's default one answers with no assaults.
     */
    static FlagSource source(ChaosProperties.OpenFeature properties, Environment environment) {
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        String hostname = hostname();
        OpenFeatureFlagSource.Builder builder = OpenFeatureFlagSource.builder(
                        properties.domain() == null ? api.getClient() : api.getClient(properties.domain()),
                        properties.instanceId() != null ? properties.instanceId() : hostname)
                .flagKey(properties.flagKey())
                .refreshInterval(properties.refreshInterval())
                .attribute("hostname", hostname)
                .attribute("profiles", String.join(",", environment.getActiveProfiles()));
        String application = environment.getProperty("spring.application.name");
        if (application != null) {
            builder.attribute("application", application);
        }
        return builder.build();
    }

    /**
     * The host name, as a container's {@code HOSTNAME} gives it, else the local host's; unique when neither is
     * known.
     */
    private static String hostname() {
        String hostname = System.getenv("HOSTNAME");
        if (hostname != null && !hostname.isBlank()) {
            return hostname;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unknown) {
            return "instance-" + UUID.randomUUID();
        }
    }
}
