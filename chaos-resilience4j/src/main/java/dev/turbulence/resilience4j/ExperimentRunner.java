package dev.turbulence.resilience4j;

import dev.turbulence.ChaosEngine;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problems;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Runs {@link Experiment}s against one {@link ChaosEngine}, reading Resilience4j's registries and the meters
 * of one {@link MeterRegistry}. A run walks the phases: check the steady state (when it does not hold,
 * nothing is injected), apply the assaults through the engine (switching chaos on for the run when it was
 * off), watch for the experiment's duration, decide the hypothesis, remove the assaults (always: also on an
 * error, an abort by a stop condition or an interruption), check the recovery and the steady state again,
 * and return an {@link ExperimentReport}.
 *
 * <p>An experiment is checked whole before anything runs: every probe must name a circuit breaker, retry,
 * bulkhead, thread-pool bulkhead, time limiter, rate limiter, fallback or alarm that exists, with the meters it
 * reads; an invalid experiment is rejected with an {@link InvalidDefinitionException} listing every problem, and
 * nothing is injected.
 *
 * <p>Thread-safe; runs one experiment at a time. Faults in the runner's own machinery end the run as
 * INCONCLUSIVE with the assaults removed; they never reach the application.
 */
public final class ExperimentRunner implements AutoCloseable {

    final ChaosEngine engine;
    final MeterRegistry meters;
    final CircuitBreakerRegistry circuitBreakers;
    final RetryRegistry retries;
    final BulkheadRegistry bulkheads;
    final TimeLimiterRegistry timeLimiters;
    final RateLimiterRegistry rateLimiters;
    final ThreadPoolBulkheadRegistry threadPoolBulkheads;
    final AlarmMonitor alarms;
    final Timekeeper time;
    final Clock clock;
    final EventWatches watches;
    final Map<String, Callable<?>> calls;
    final Supplier<URI> server;
    private final boolean ownsAlarms;
    private volatile Run current;

    private ExperimentRunner(Builder builder) {
        this.engine = builder.engine;
        this.meters = builder.meters;
        this.circuitBreakers = builder.circuitBreakers;
        this.retries = builder.retries;
        this.bulkheads = builder.bulkheads;
        this.timeLimiters = builder.timeLimiters;
        this.rateLimiters = builder.rateLimiters;
        this.threadPoolBulkheads = builder.threadPoolBulkheads;
        this.time = builder.time;
        this.clock = time.clock();
        this.ownsAlarms = builder.alarms == null;
        this.alarms = ownsAlarms ? AlarmMonitor.create(meters, time) : builder.alarms;
        this.watches = new EventWatches(clock);
        this.calls = Map.copyOf(builder.calls);
        this.server = builder.server;
    }

    /** Stops the alarm monitor this runner created (one given to its builder stays its owner's to close). */
    @Override
    public void close() {
        if (ownsAlarms) {
            alarms.close();
        }
    }

    /** A runner injecting through {@code engine} and reading the meters of {@code meters}. */
    public static Builder builder(ChaosEngine engine, MeterRegistry meters) {
        return new Builder(engine, meters);
    }

    /** The monitor of the alarms probes and stop conditions name; started by the first run that needs it. */
    public AlarmMonitor alarmMonitor() {
        return alarms;
    }

    /**
     * Runs {@code experiment} to its end and reports what happened. Returns normally whatever the verdict;
     * when the thread is interrupted the run ends at once, the assaults are removed, the verdict is
     * INCONCLUSIVE and the interrupt flag stays set.
     *
     * @throws InvalidDefinitionException listing every problem, before anything runs
     */
    public synchronized ExperimentReport run(Experiment experiment) {
        return run(experiment, true);
    }

    /**
     * Runs {@code experiment}; with {@code mayEnableChaos} false (in a game day, which keeps chaos on) a run
     * that finds chaos off applies nothing: the kill switch was pulled.
     */
    synchronized ExperimentReport run(Experiment experiment, boolean mayEnableChaos) {
        check(experiment);
        Run run = new Run(this, experiment, mayEnableChaos);
        current = run;
        try {
            return run.execute();
        } finally {
            current = null;
        }
    }

    /**
     * The experiment running now and its phase, for progress displays; empty between runs. Read-only and
     * callable from any thread while a run is under way.
     */
    public Optional<Running> running() {
        Run run = current;
        String phase = run == null ? null : run.phase();
        return phase == null
                ? Optional.empty()
                : Optional.of(new Running(run.experiment().name(), phase));
    }

    /**
     * An experiment under way.
     *
     * @param experiment its name
     * @param phase {@code steadyState}, {@code assaults} or {@code recovery}
     */
    public record Running(String experiment, String phase) {}

    /**
     * Reads an experiment from YAML or JSON and checks it against this runner's registries, reporting the
     * problems of both kinds at once.
     *
     * @throws InvalidDefinitionException listing every problem
     */
    public Experiment load(String yamlOrJson) {
        return ExperimentSchema.read(ExperimentSchema.parse(yamlOrJson), new References(this)::check);
    }

    /** Reads an experiment from a YAML or JSON file and checks it as {@link #load(String)} does. */
    public Experiment load(Path file) throws IOException {
        return load(Files.readString(file));
    }

    /**
     * Checks that everything {@code experiment} names exists here.
     *
     * @throws InvalidDefinitionException listing every problem
     */
    public void check(Experiment experiment) {
        check(experiment, new References(this));
    }

    /**
     * Checks, before an application serves, the names {@code experiment} gives: of circuit breakers, retries,
     * bulkheads, thread-pool bulkheads, time limiters, rate limiters and fallbacks (each in this runner's registries
     * and meters, or in {@code declared}), of alarms (the experiment's or the monitor's), of alarm meters (none a typo
     * away from a meter that exists) and of the load's call. Resilience4j creates an instance an annotation names on
     * its first call, so {@code declared} gives those names by probe subject ({@code circuitBreaker}, {@code retry},
     * {@code bulkhead}, {@code threadPoolBulkhead}, {@code timeLimiter}, {@code rateLimiter}, {@code fallback}). What
     * only a run can see — the meters an instance has, the engine's assaults — is left to {@link #check(Experiment)},
     * at run start.
     *
     * @throws InvalidDefinitionException listing every problem
     */
    public void checkNames(Experiment experiment, Map<String, Set<String>> declared) {
        check(experiment, new References(this, declared));
    }

    private static void check(Experiment experiment, References references) {
        Problems problems = new Problems();
        references.check(experiment.draft(), problems);
        problems.throwIfAny(Experiment.describe(experiment.name()));
    }

    /**
     * The load a run of {@code experiment} makes, with a declared call replaced by the callable registered under its
     * name or by a request to the server's address as it is now; {@code null} when the experiment has no load.
     *
     * @throws IllegalStateException when the server's address cannot be had
     */
    Load resolvedLoad(Experiment experiment) {
        Load load = experiment.load();
        if (load == null || !(load.call() instanceof DeclaredCall declared)) {
            return load;
        }
        Callable<?> call = declared instanceof DeclaredCall.Named named
                ? calls.get(named.name())
                : new RequestCall(RequestCall.client(), (DeclaredCall.Request) declared, server.get());
        return new Load(call, load.callsPerSecond(), load.concurrency());
    }

    /**
     * Puts things back between experiments, as between tests: switches chaos off, removes every assault defined
     * in the engine's memory, and resets the circuit breakers the {@code experiments} probe (CLOSED, empty
     * metrics).
     */
    public void reset(Experiment... experiments) {
        engine.disable();
        engine.assaults().clear();
        for (Experiment experiment : experiments) {
            experiment.probes().stream()
                    .filter(probe -> probe.subject().equals("circuitBreaker"))
                    .map(Probe::name)
                    .distinct()
                    .forEach(name -> circuitBreakers.find(name).ifPresent(CircuitBreaker::reset));
        }
    }

    /** Configures an {@link ExperimentRunner}; registries not given are empty. */
    public static final class Builder {
        private final ChaosEngine engine;
        private final MeterRegistry meters;
        private CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();
        private RetryRegistry retries = RetryRegistry.ofDefaults();
        private BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
        private TimeLimiterRegistry timeLimiters = TimeLimiterRegistry.ofDefaults();
        private RateLimiterRegistry rateLimiters = RateLimiterRegistry.ofDefaults();
        private ThreadPoolBulkheadRegistry threadPoolBulkheads = ThreadPoolBulkheadRegistry.ofDefaults();
        private AlarmMonitor alarms;
        private Timekeeper time = Timekeeper.system();
        private final Map<String, Callable<?>> calls = new LinkedHashMap<>();
        private Supplier<URI> server;

        private Builder(ChaosEngine engine, MeterRegistry meters) {
            this.engine = Objects.requireNonNull(engine, "engine");
            this.meters = Objects.requireNonNull(meters, "meters");
        }

        public Builder circuitBreakers(CircuitBreakerRegistry registry) {
            this.circuitBreakers = Objects.requireNonNull(registry, "registry");
            return this;
        }

        public Builder retries(RetryRegistry registry) {
            this.retries = Objects.requireNonNull(registry, "registry");
            return this;
        }

        public Builder bulkheads(BulkheadRegistry registry) {
            this.bulkheads = Objects.requireNonNull(registry, "registry");
            return this;
        }

        public Builder timeLimiters(TimeLimiterRegistry registry) {
            this.timeLimiters = Objects.requireNonNull(registry, "registry");
            return this;
        }

        public Builder rateLimiters(RateLimiterRegistry registry) {
            this.rateLimiters = Objects.requireNonNull(registry, "registry");
            return this;
        }

        public Builder threadPoolBulkheads(ThreadPoolBulkheadRegistry registry) {
            this.threadPoolBulkheads = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** The monitor of the alarms probes name; by default one of its own on the runner's meter registry. */
        public Builder alarmMonitor(AlarmMonitor monitor) {
            this.alarms = Objects.requireNonNull(monitor, "monitor");
            return this;
        }

        /**
         * The time of the runs: the clock of the reports and deadlines, the timers of samples and load, the waits of
         * phases and probes, and of the alarm monitor the runner creates; real time by default, a {@link
         * VirtualTime} for runs in virtual time.
         */
        public Builder time(Timekeeper time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * Registers {@code call} under {@code name}, for experiment files whose {@code load} names it ({@code call:
         * name}); a later registration under the same name replaces it.
         */
        public Builder call(String name, Callable<?> call) {
            calls.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(call, "call"));
            return this;
        }

        /**
         * The application's own server, for experiment files whose {@code load} is a {@code request}: its scheme and
         * authority, such as {@code http://127.0.0.1:8080}, asked for when each run starts. The Spring Boot starter
         * gives the local web server's.
         */
        public Builder server(Supplier<URI> server) {
            this.server = Objects.requireNonNull(server, "server");
            return this;
        }

        public ExperimentRunner build() {
            return new ExperimentRunner(this);
        }
    }
}
