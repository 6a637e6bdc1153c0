package dev.turbulence.openfeature;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ProviderEvent;
import dev.openfeature.sdk.Value;
import dev.turbulence.Assault;
import dev.turbulence.AssaultSchema;
import dev.turbulence.FlagSource;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problem;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Assaults from a feature flag, through OpenFeature: whichever flag system the application runs (flagd, Unleash,
 * LaunchDarkly, Flagsmith, GO Feature Flag …) decides, by its own targeting, which assaults this instance gets. The
 * flag ({@code chaos-assaults} unless named otherwise) is an object flag whose value is the document a file of
 * assaults holds, {@code {"assaults": [ … ]}}, in the one assault schema. It is evaluated with a context that
 * identifies the instance: its {@code targetingKey} is the instance id, and its attributes are the ones given
 * (such as {@code application}, {@code hostname}, {@code profiles}), so that a provider's fractional rollout over
 * the targeting key puts an assault on a share of the fleet.
 *
 * <p>The engine evaluates the flag on a thread of its own, never on a decorated call, and again when the provider
 * says its configuration changed and at the refresh interval. What the flag answers:
 *
 * <ul>
 *   <li>a valid document: its assaults;
 *   <li>a value that is not a valid document, or of another type than an object ({@code TYPE_MISMATCH}): an
 *       invalid definition — the source's last good assaults stay in force, as for a broken file;
 *   <li>{@code FLAG_NOT_FOUND}, a provider that is not ready or fails, any other error, or an evaluation that
 *       outlasts the engine's source timeout: the source is unavailable — no assaults from it until it answers.
 * </ul>
 *
 * Each is one {@code SourceFailed} event and one log line of the engine's. Thread-safe.
 */
public final class OpenFeatureFlagSource implements FlagSource {

    /** The flag read unless another is named. */
    public static final String DEFAULT_FLAG_KEY = "chaos-assaults";

    private static final Value NO_VALUE = new Value();

    private final Client client;
    private final String flagKey;
    private final EvaluationContext context;
    private final Duration refreshInterval;

    private OpenFeatureFlagSource(Builder builder) {
        this.client = builder.client;
        this.flagKey = builder.flagKey;
        Map<String, Value> attributes = new LinkedHashMap<>();
        builder.attributes.forEach((key, value) -> attributes.put(key, new Value(value)));
        this.context = new ImmutableContext(builder.instanceId, attributes);
        this.refreshInterval = builder.refreshInterval;
    }

    /**
     * A source evaluating flags with {@code client}, for the instance {@code instanceId}.
     *
     * @param instanceId what tells this instance apart in the fleet, the evaluation's targeting key
     */
    public static Builder builder(Client client, String instanceId) {
        return new Builder(client, instanceId);
    }

    @Override
    public String name() {
        return "openfeature:" + flagKey;
    }

    /**
     * Evaluates the flag for this instance.
     *
     * @throws InvalidDefinitionException when the value is not a valid document of assaults
     * @throws FlagUnavailableException when the flag does not exist or the provider cannot evaluate it
     */
    @Override
    public List<Assault> assaults() {
        FlagEvaluationDetails<Value> details = client.getObjectDetails(flagKey, NO_VALUE, context);
        ErrorCode error = details.getErrorCode();
        if (error == ErrorCode.TYPE_MISMATCH || error == ErrorCode.PARSE_ERROR) {
            throw new InvalidDefinitionException(
                    "flag " + flagKey,
                    List.of(new Problem(
                            "(document)",
                            null,
                            "must be an object flag whose value lists assaults: " + error + " "
                                    + Objects.toString(details.getErrorMessage(), ""))));
        }
        if (error != null) {
            throw new FlagUnavailableException(flagKey, error, details.getErrorMessage());
        }
        return AssaultSchema.listFromTree(plain(details.getValue()), "flag " + flagKey);
    }

    /**
     * Tells {@code onChange} when the provider's configuration changes or it becomes ready, and at the refresh
     * interval, on a daemon thread of its own.
     */
    @Override
    public AutoCloseable subscribe(Runnable onChange) {
        Consumer<EventDetails> handler = event -> onChange.run();
        client.onProviderConfigurationChanged(handler);
        client.onProviderReady(handler);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chaos-openfeature-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long every = refreshInterval.toMillis();
        timer.scheduleWithFixedDelay(onChange, every, every, TimeUnit.MILLISECONDS);
        return () -> {
            timer.shutdownNow();
            client.removeHandler(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED, handler);
            client.removeHandler(ProviderEvent.PROVIDER_READY, handler);
        };
    }

    /** {@code value} as the plain tree the schema reads: maps, lists, strings, numbers and booleans. */
    private static Object plain(Value value) {
        if (value == null || value.isNull()) {
            return null;
        } else if (value.isStructure()) {
            Map<String, Object> tree = new LinkedHashMap<>();
            value.asStructure().asMap().forEach((key, field) -> tree.put(key, plain(field)));
            return tree;
        } else if (value.isList()) {
            return value.asList().stream().map(OpenFeatureFlagSource::plain).toList();
        } else if (value.isInstant()) {
            return value.asInstant().toString();
        }
        return value.asObject();
    }

    /** The flag does not exist for this instance, or its provider cannot evaluate it now. */
    public static final class FlagUnavailableException extends RuntimeException {
        FlagUnavailableException(String flagKey, ErrorCode error, String message) {
            super("flag " + flagKey + " cannot be evaluated: " + error + (message == null ? "" : " " + message));
        }
    }

    /** Configures an {@link OpenFeatureFlagSource}; not thread-safe. */
    public static final class Builder {
        private final Client client;
        private final String instanceId;
        private String flagKey = DEFAULT_FLAG_KEY;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private Duration refreshInterval = Duration.ofSeconds(30);

        private Builder(Client client, String instanceId) {
            this.client = Objects.requireNonNull(client, "client");
            if (instanceId == null || instanceId.isBlank()) {
                throw new IllegalArgumentException("instanceId must not be blank, but was '" + instanceId + "'");
            }
            this.instanceId = instanceId;
        }

        /** The flag to read; {@value #DEFAULT_FLAG_KEY} unless given. */
        public Builder flagKey(String flagKey) {
            if (flagKey == null || flagKey.isBlank()) {
                throw new IllegalArgumentException("flagKey must not be blank, but was '" + flagKey + "'");
            }
            this.flagKey = flagKey;
            return this;
        }

        /** An attribute of the evaluation context, such as {@code application} or {@code hostname}. */
        public Builder attribute(String name, String value) {
            attributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** How often the flag is evaluated again besides the provider's change events; 30 s unless given. */
        public Builder refreshInterval(Duration interval) {
            if (interval == null || interval.toMillis() < 1 || interval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("refreshInterval must be >= 1ms and <= PT1H, but was " + interval);
            }
            this.refreshInterval = interval;
            return this;
        }

        public OpenFeatureFlagSource build() {
            return new OpenFeatureFlagSource(this);
        }
    }
}
