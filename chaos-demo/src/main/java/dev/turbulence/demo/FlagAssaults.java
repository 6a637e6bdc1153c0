package dev.turbulence.demo;

import dev.openfeature.contrib.providers.flagd.Config;
import dev.openfeature.contrib.providers.flagd.FlagdOptions;
import dev.openfeature.contrib.providers.flagd.FlagdProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.turbulence.Assault;
import dev.turbulence.openfeature.OpenFeatureFlagSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.springframework.core.io.ClassPathResource;

/**
 * The assaults a feature flag gives one storefront instance: the flag {@code chaos-assaults} of a flagd flag file,
 * evaluated by the real flagd provider in process (its file resolver; no flagd server) with the instance id as
 * targeting key, read through chaos-core's {@link OpenFeatureFlagSource} — the source a fleet would use.
 */
final class FlagAssaults {

    private static final String DOMAIN = "storefront-game-day";

    private FlagAssaults() {}

    /**
     * The assaults the flag in {@code resource} gives {@code instanceId}.
     *
     * @throws OpenFeatureFlagSource.FlagUnavailableException when the provider cannot evaluate the flag
     */
    static List<Assault> of(String resource, String instanceId) {
        Path file = copied(resource);
        FlagdProvider provider = new FlagdProvider(FlagdOptions.builder()
                .resolverType(Config.Resolver.FILE)
                .offlineFlagSourcePath(file.toString())
                .build());
        try {
            OpenFeatureAPI.getInstance().setProviderAndWait(DOMAIN, provider);
            return OpenFeatureFlagSource.builder(OpenFeatureAPI.getInstance().getClient(DOMAIN), instanceId)
                    .build()
                    .assaults();
        } finally {
            provider.shutdown();
            file.toFile().delete();
        }
    }

    /** The flag file as a file of its own: the provider reads a path, and the resource may sit inside the jar. */
    private static Path copied(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            Path file = Files.createTempFile("storefront-flags", ".json");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read the flag file " + resource, unreadable);
        }
    }
}
