package dev.turbulence.spring;

import dev.turbulence.Assault;
import dev.turbulence.AssaultSchema;
import dev.turbulence.schema.Fields;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Limits;
import dev.turbulence.schema.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code chaos.*} properties, typed, so that an IDE offers them down to each assault's fault type. Assaults are
 * read with the core schema when the engine is made, so a bad definition fails start-up with the property, the value
 * and what is allowed; a property under {@code chaos.assaults.} or {@code chaos.experiments.} that does not exist
 * fails it too (other tools'
 * {@code chaos.*} properties, such as Chaos Monkey's {@code chaos.monkey.*}, are left alone).
 *
 * @param enabled whether chaos is on: creates the engine, wraps the selected beans and offers the
 *     {@code chaos} actuator endpoint
 * @param assaults assaults by name, each with the fields of the assault schema
 * @param assaultFiles JSON or YAML files of assaults to watch and reload on change
 * @param defaultDuration lifetime of an assault that gives no duration
 * @param maxDuration longest duration an assault may ask for, and longest fixed wait of its fault, at most 12 hours
 * @param seed seeds every assault that gives no seed of its own, for reproducible runs
 * @param productionProfiles profiles under which chaos stays off unless allowed explicitly
 * @param allowInProduction whether chaos may run while a production profile is active
 * @param http which HTTP clients get chaos
 * @param repositories whether repositories get chaos
 * @param beans which other beans get chaos
 * @param datasource whether the DataSource gets chaos
 * @param inbound whether the requests the application's own endpoints receive get chaos
 * @param requestScope whether requests may carry a signed chaos context naming request-scoped assaults
 * @param openfeature where assaults come from when the OpenFeature SDK is on the class path
 * @param experiments experiments by name, each with the fields of the experiment schema, plus an optional
 *     {@code schedule} (a cron expression) and {@code trigger} (the class name of an application event that starts
 *     it); need chaos-resilience4j
 * @param gameDays game days by name, each the names of experiments to run in order with one call
 * @param reportsDirectory where experiment and game day reports are written
 */
@ConfigurationProperties("chaos")
public record ChaosProperties(
        boolean enabled,
        Map<String, AssaultProperties> assaults,
        List<Path> assaultFiles,
        @DefaultValue("10m") Duration defaultDuration,
        @DefaultValue("12h") Duration maxDuration,
        Long seed,
        @DefaultValue({"prod", "production"}) List<String> productionProfiles,
        boolean allowInProduction,
        @DefaultValue Http http,
        @DefaultValue Repositories repositories,
        @DefaultValue Beans beans,
        @DefaultValue Datasource datasource,
        @DefaultValue Inbound inbound,
        @DefaultValue RequestScope requestScope,
        @DefaultValue OpenFeature openfeature,
        Map<String, ExperimentProperties> experiments,
        Map<String, List<String>> gameDays,
        @DefaultValue("chaos-reports") Path reportsDirectory) {

    public ChaosProperties {
        assaults = assaults == null ? Map.of() : Map.copyOf(assaults);
        assaultFiles = assaultFiles == null ? List.of() : List.copyOf(assaultFiles);
        experiments = experiments == null ? Map.of() : Map.copyOf(experiments);
        gameDays = gameDays == null ? Map.of() : Map.copyOf(gameDays);
    }

    /**
     * The assaults defined in properties, read by the core schema.
     *
     * @throws InvalidChaosPropertiesException naming every property that is not valid, in kebab case as Boot
     *     names properties ({@code chaos.assaults.<name>.max-injections}); read when the engine is made, after
     *     binding
     */
    public List<Assault> definedAssaults() {
        return validate(assaults, defaultDuration, maxDuration);
    }

    private static List<Assault> validate(
            Map<String, AssaultProperties> assaults, Duration defaultDuration, Duration maxDuration) {
        List<Problem> problems = new ArrayList<>();
        if (!Limits.isLifetime(maxDuration)) {
            problems.add(new Problem("chaos.max-duration", maxDuration.toString(), Limits.LIFETIME_RULE));
        } else if (defaultDuration.isNegative()
                || defaultDuration.isZero()
                || defaultDuration.compareTo(maxDuration) > 0) {
            problems.add(new Problem(
                    "chaos.default-duration",
                    defaultDuration.toString(),
                    "must be > 0 and <= chaos.max-duration (" + maxDuration + ")"));
        }
        List<Assault> defined = new ArrayList<>();
        assaults.forEach((name, properties) -> {
            String prefix = "chaos.assaults." + name + ".";
            try {
                Assault assault = AssaultSchema.fromTree(properties.toTree(), name);
                AssaultSchema.lifetimeProblems(assault, maxDuration, "chaos.max-duration (" + maxDuration + ")")
                        .forEach(problem -> problems.add(new Problem(
                                prefix + Fields.kebab(problem.field()), problem.value(), problem.message())));
                defined.add(assault);
            } catch (InvalidDefinitionException invalid) {
                invalid.problems()
                        .forEach(problem -> problems.add(new Problem(
                                prefix + Fields.kebab(problem.field()), problem.value(), problem.message())));
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidChaosPropertiesException(problems);
        }
        return defined;
    }

    /**
     * @param enabled whether HTTP clients from Boot's builders and RestClient, RestTemplate and WebClient beans
     *     get chaos
     * @param builderClientName call-site name of clients built from a builder that are not beans themselves
     */
    public record Http(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("http-client") String builderClientName) {}

    /** @param enabled whether Spring Data repositories and {@code @Repository} beans get chaos */
    public record Repositories(@DefaultValue("true") boolean enabled) {}

    /**
     * @param include names of further beans to wrap (globs), call sites of kind {@code bean}
     * @param exclude names of beans never to wrap (globs), winning over every include
     */
    public record Beans(List<String> include, List<String> exclude) {
        public Beans {
            include = include == null ? List.of() : List.copyOf(include);
            exclude = exclude == null ? List.of() : List.copyOf(exclude);
        }
    }

    /** @param enabled whether DataSource beans get chaos (call sites of kind {@code jdbc}) */
    public record Datasource(boolean enabled) {}

    /**
     * @param enabled whether the requests the application's own endpoints receive get chaos (the call site of kind
     *     {@code inbound} named {@code server}), through a servlet filter or a WebFlux web filter; actuator's paths
     *     never do
     */
    public record Inbound(boolean enabled) {}

    /**
     * Request-scoped chaos: a request whose {@code Turbulence-Chaos} header carries a context signed with the secret
     * lets the request-scoped assaults it names apply to its calls alone, at every hop it is forwarded to.
     *
     * @param enabled whether requests' chaos contexts are read (a servlet filter) and forwarded by the HTTP clients
     * @param secret the secret the services of one call chain share, at least 32 bytes; required when enabled
     * @param forwardHosts globs over the host names outgoing requests may carry the context to; none when empty
     */
    public record RequestScope(boolean enabled, String secret, List<String> forwardHosts) {
        public RequestScope {
            forwardHosts = forwardHosts == null ? List.of() : List.copyOf(forwardHosts);
        }
    }

    /**
     * The feature flag assaults are read from, through the OpenFeature provider the application sets.
     *
     * @param enabled whether assaults are read from the flag when the OpenFeature SDK is on the class path
     * @param domain the OpenFeature domain whose provider evaluates the flag; the default provider when absent
     * @param flagKey the object flag whose value lists the assaults, in the assault schema
     * @param instanceId what tells this instance apart, the targeting key of the evaluation; the host name when
     *     absent
     * @param refreshInterval how often the flag is evaluated again besides the provider's change events
     */
    public record OpenFeature(
            @DefaultValue("true") boolean enabled,
            String domain,
            @DefaultValue("chaos-assaults") String flagKey,
            String instanceId,
            @DefaultValue("30s") Duration refreshInterval) {}
}
