package dev.turbulence.spring;

import dev.turbulence.Assault;
import dev.turbulence.ChaosEngine;
import dev.turbulence.ChaosMetrics;
import dev.turbulence.FileFlagSource;
import dev.turbulence.FlagSource;
import dev.turbulence.RequestScopes;
import dev.turbulence.Stress;
import dev.turbulence.resilience4j.ExperimentRunner;
import dev.turbulence.schema.Problem;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.task.TaskDecorator;
import org.springframework.util.ClassUtils;

/**
 * Chaos for a Spring application, active only with {@code chaos.enabled=true}: the engine with its property,
 * file and in-memory sources, its meters, the wrapping of the beans the properties select, and the filters of the
 * requests the application receives when {@code chaos.inbound.enabled} or {@code chaos.request-scope.enabled} is
 * set.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "chaos", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(ChaosProperties.class)
@Import({InboundChaosConfiguration.class, RequestScopeConfiguration.class})
public final class ChaosAutoConfiguration {

    private static final System.Logger LOG = System.getLogger(ChaosAutoConfiguration.class.getName());

    @Bean
    @ConditionalOnMissingBean
    ChaosGuard chaosGuard(Environment environment, ChaosProperties properties) {
        ChaosGuard guard = ChaosGuard.of(environment, properties);
        if (guard.blocked()) {
            LOG.log(System.Logger.Level.WARNING, "Chaos is off: " + guard.reason());
        }
        return guard;
    }

    /**
     * Registers with the engine the {@link Executor} beans that {@code thread-exhaustion} assaults of the properties
     * name; one naming no executor bean fails start-up with the property and the executor beans there are.
     */
    @Bean
    SmartInitializingSingleton chaosExecutors(
            ChaosEngine engine, ChaosProperties properties, ListableBeanFactory beans) {
        return () -> {
            Map<String, Executor> executors = beans.getBeansOfType(Executor.class, false, false);
            List<Problem> problems = new ArrayList<>();
            for (Assault assault : properties.definedAssaults()) {
                if (assault.stress() instanceof Stress.ThreadExhaustion exhaustion) {
                    Executor executor = executors.get(exhaustion.executor());
                    if (executor == null) {
                        problems.add(new Problem(
                                "chaos.assaults." + assault.name() + ".fault.executor",
                                exhaustion.executor(),
                                "must name an Executor bean; executor beans: " + new TreeSet<>(executors.keySet())));
                    } else {
                        engine.registerExecutor(exhaustion.executor(), executor);
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidChaosPropertiesException(problems);
            }
        };
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ChaosEngine chaosEngine(
            Environment environment,
            ChaosProperties properties,
            ChaosGuard guard,
            ObjectProvider<TaskDecorator> taskDecorators,
            ResourceLoader resources) {
        requireKnownProperties(environment);
        List<Assault> defined = properties.definedAssaults(); // before the builder: it names every bad property
        ChaosEngine.Builder builder = ChaosEngine.builder()
                .guard(ChaosGuard.policy(environment, properties))
                .defaultLifetime(properties.defaultDuration())
                .maxLifetime(properties.maxDuration())
                .source(new PropertiesFlagSource(defined));
        properties.assaultFiles().forEach(file -> builder.source(new FileFlagSource(file)));
        if (properties.openfeature().enabled()
                && ClassUtils.isPresent("dev.openfeature.sdk.OpenFeatureAPI", resources.getClassLoader())) {
            builder.source(OpenFeatureSources.source(properties.openfeature(), environment));
        }
        if (properties.seed() != null) {
            builder.seed(properties.seed());
        }
        if (properties.requestScope().enabled()) {
            builder.requestScopes(requestScopes(properties.requestScope()));
        }
        // the application's own context propagation (MDC, Micrometer's context) reaches our timer threads too
        taskDecorators.ifUnique(decorator -> builder.taskDecorator(decorator::decorate));
        ChaosEngine engine = builder.build();
        if (!guard.blocked()) {
            engine.enable();
            LOG.log(
                    System.Logger.Level.INFO,
                    "Chaos is on with " + engine.status().size() + " assault(s) defined");
        }
        return engine;
    }

    @Bean
    @ConditionalOnMissingBean
    ChaosMetrics chaosMetrics(ChaosEngine engine) {
        return new ChaosMetrics(engine);
    }

    @Bean
    static ChaosBeanPostProcessor chaosBeanPostProcessor(ObjectProvider<ChaosEngine> engine, Environment environment) {
        return new ChaosBeanPostProcessor(engine, bind(environment));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.web.client.RestClient")
    @ConditionalOnProperty(prefix = "chaos.http", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class HttpClients {

        @Bean
        static ChaosHttpClientPostProcessor chaosHttpClientPostProcessor(
                ObjectProvider<ChaosEngine> engine, Environment environment) {
            return new ChaosHttpClientPostProcessor(
                    engine, bind(environment).http().builderClientName());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.web.reactive.function.client.WebClient")
    @ConditionalOnProperty(prefix = "chaos.http", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class WebClients {

        @Bean
        static ChaosWebClientPostProcessor chaosWebClientPostProcessor(
                ObjectProvider<ChaosEngine> engine, Environment environment) {
            return new ChaosWebClientPostProcessor(
                    engine, bind(environment).http().builderClientName());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport")
    @ConditionalOnProperty(prefix = "chaos.repositories", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class SpringDataRepositories {

        @Bean
        static ChaosRepositoryPostProcessor chaosRepositoryPostProcessor(ObjectProvider<ChaosEngine> engine) {
            return new ChaosRepositoryPostProcessor(engine);
        }
    }

    @Bean
    @ConditionalOnProperty(prefix = "chaos.datasource", name = "enabled", havingValue = "true")
    static ChaosDataSourcePostProcessor chaosDataSourcePostProcessor(ObjectProvider<ChaosEngine> engine) {
        return new ChaosDataSourcePostProcessor(engine);
    }

    /** Declared experiments without the module that runs them: start-up fails naming the dependency to add. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.turbulence.resilience4j.ExperimentRunner")
    static class NoExperiments {

        @Bean
        SmartInitializingSingleton chaosExperimentsNeedTheirModule(ChaosProperties properties) {
            return () -> {
                List<Problem> problems = new ArrayList<>();
                String missing = "needs dev.turbulence:chaos-resilience4j on the class path, which runs experiments:"
                        + " add that dependency";
                if (!properties.experiments().isEmpty()) {
                    problems.add(new Problem(
                            "chaos.experiments", properties.experiments().keySet(), missing));
                }
                if (!properties.gameDays().isEmpty()) {
                    problems.add(
                            new Problem("chaos.game-days", properties.gameDays().keySet(), missing));
                }
                if (!problems.isEmpty()) {
                    throw new InvalidChaosPropertiesException(problems);
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {"io.github.resilience4j.spring6.fallback.FallbackExecutor", "dev.turbulence.resilience4j.Fallback"})
    static class AnnotationFallbacks {

        @Bean
        static BeanPostProcessor chaosFallbackCounting(
                ObjectProvider<MeterRegistry> meters, ObjectProvider<ResilienceAnnotations> annotations) {
            return new FallbackCounting(meters, annotations);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.turbulence.resilience4j.ExperimentRunner")
    static class Experiments {

        @Bean
        static ResilienceAnnotations chaosResilienceAnnotations() {
            return new ResilienceAnnotations();
        }

        @Bean
        @ConditionalOnMissingBean(ChaosExperiments.class)
        ResilienceExperiments chaosExperiments(
                ChaosEngine engine,
                ChaosProperties properties,
                ChaosGuard guard,
                ResilienceAnnotations annotations,
                ObjectProvider<MeterRegistry> meters,
                ObjectProvider<CircuitBreakerRegistry> circuitBreakers,
                ObjectProvider<RetryRegistry> retries,
                ObjectProvider<BulkheadRegistry> bulkheads,
                ObjectProvider<TimeLimiterRegistry> timeLimiters,
                ObjectProvider<RateLimiterRegistry> rateLimiters,
                ObjectProvider<ThreadPoolBulkheadRegistry> threadPoolBulkheads,
                Environment environment) {
            ExperimentRunner.Builder runner = ExperimentRunner.builder(
                            engine, meters.getIfAvailable(SimpleMeterRegistry::new))
                    .server(() -> localServer(environment));
            circuitBreakers.ifAvailable(runner::circuitBreakers);
            retries.ifAvailable(runner::retries);
            bulkheads.ifAvailable(runner::bulkheads);
            timeLimiters.ifAvailable(runner::timeLimiters);
            rateLimiters.ifAvailable(runner::rateLimiters);
            threadPoolBulkheads.ifAvailable(runner::threadPoolBulkheads);
            return new ResilienceExperiments(runner.build(), properties, guard, annotations);
        }

        /**
         * The application's own web server, where a declared {@code load.request} goes: loopback unless {@code
         * server.address} binds it to one address.
         *
         * @throws IllegalStateException when no web server runs, or it serves HTTPS only
         */
        static URI localServer(Environment environment) {
            Integer port = environment.getProperty("local.server.port", Integer.class);
            if (port == null) {
                throw new IllegalStateException("a load request needs the application's web server; none runs here");
            }
            boolean https = environment.getProperty("server.ssl.enabled", Boolean.class, true)
                    && Stream.of("bundle", "key-store", "certificate")
                            .anyMatch(key -> environment.containsProperty("server.ssl." + key));
            if (https) {
                throw new IllegalStateException(
                        "a load request is sent over plain HTTP, but the web server serves HTTPS (server.ssl)");
            }
            String address = environment.getProperty("server.address", "");
            String host = Set.of("", "0.0.0.0", "::", "[::]").contains(address)
                    ? "127.0.0.1"
                    : address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
            return URI.create("http://" + host + ":" + port);
        }
    }

    /**
     * The request scopes of {@code chaos.request-scope}.
     *
     * @throws InvalidChaosPropertiesException when the secret is missing or short; the report never shows it
     */
    private static RequestScopes requestScopes(ChaosProperties.RequestScope properties) {
        String secret = properties.secret();
        int bytes = secret == null ? 0 : secret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < RequestScopes.MIN_SECRET_BYTES) {
            throw new InvalidChaosPropertiesException(List.of(new Problem(
                    "chaos.request-scope.secret",
                    secret == null ? null : "(hidden, " + bytes + " bytes)",
                    "must be at least " + RequestScopes.MIN_SECRET_BYTES
                            + " bytes when chaos.request-scope.enabled is true")));
        }
        return RequestScopes.of(secret, properties.forwardHosts(), Clock.systemUTC());
    }

    /**
     * Fails start-up with Boot's report of the elements left unbound when a property under {@code chaos.assaults.}
     * or {@code chaos.experiments.} is none of an assault's or an experiment's (a typo such as {@code fualt}); the
     * rest of {@code chaos.*} is not checked, as other tools have properties there (Chaos Monkey's
     * {@code chaos.monkey.*}).
     */
    private static void requireKnownProperties(Environment environment) {
        Binder binder = Binder.get(environment);
        BindHandler strict = new NoUnboundElementsBindHandler(BindHandler.DEFAULT);
        binder.bind("chaos.assaults", Bindable.mapOf(String.class, AssaultProperties.class), strict);
        binder.bind("chaos.experiments", Bindable.mapOf(String.class, ExperimentProperties.class), strict);
    }

    /**
     * Binds the properties for a post-processor, which must not depend on the properties bean: post-processors
     * are created before it, and would otherwise process the beans it is bound with.
     */
    private static ChaosProperties bind(Environment environment) {
        return Binder.get(environment).bindOrCreate("chaos", ChaosProperties.class);
    }

    /** The assaults of {@code chaos.assaults.*}, validated when the properties were bound. */
    record PropertiesFlagSource(List<Assault> assaults) implements FlagSource {

        @Override
        public String name() {
            return "properties";
        }
    }
}
