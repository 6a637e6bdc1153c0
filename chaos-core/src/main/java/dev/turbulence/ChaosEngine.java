package dev.turbulence;

import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Limits;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Holds the one plan of assaults in force and decides, per call, what happens at each decorated call site.
 *
 * <p>Off by default: nothing is injected until {@link #enable()}. {@link #disable()} is the kill switch:
 * every thread sees it on its next call, pending latencies and hangs end early, and running stressors
 * ({@link Stress}) give back what they took. Stressors run on their own daemon threads while their
 * assault is active and chaos is on. The plan is rebuilt
 * from the flag sources whenever one of them changes; a source that fails never fails the application.
 * Thread-safe. A decorated call costs one volatile read and a branch while chaos is off.
 *
 * <p>The kill switch never waits on a flag source or a listener: sources are read on daemon threads of their
 * own (one per source at a time), outside every lock, and a source that does not answer within the
 * {@linkplain Builder#sourceTimeout source timeout} counts as unavailable until it does; state events are
 * delivered after the engine's locks are released (see {@link ChaosListener}). {@link #enable()} is refused
 * while the engine's {@link ProductionGuard} blocks.
 *
 * <p>The engine puts together four parts, each with one role: the plan assembly (sources read and merged, each
 * source's last good assaults kept, the limits checked), the kill switch and its timers, the decorators (whose
 * call sites see only a small {@code CallContext}, never the engine) and the listeners.
 */
public final class ChaosEngine implements AutoCloseable {

    /** The lifetime of an assault that does not give its own {@code duration}. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);

    /** How long the engine waits for a flag source's {@code assaults()} before it counts as unavailable. */
    public static final Duration DEFAULT_SOURCE_TIMEOUT = Duration.ofSeconds(2);

    private final Clock clock;
    private final ProductionGuard guard;
    private final RequestScopes requestScopes;
    private final Listeners listeners = new Listeners();
    /** The executors registered for {@code thread-exhaustion} assaults, by name. */
    private final Map<String, Executor> executors = new ConcurrentHashMap<>();

    final StressSupervisor stressors;
    private final KillSwitch killSwitch;
    private final PlanAssembly assembly;
    private final Decorators decorators;

    private ChaosEngine(Builder builder) {
        this.clock = builder.clock;
        this.guard = builder.guard;
        this.requestScopes = builder.requestScopes;
        builder.listeners.forEach(listeners::add);
        this.stressors = new StressSupervisor(clock, listeners, executors);
        this.killSwitch = new KillSwitch(guard, clock, listeners, stressors, builder.taskDecorator);
        this.assembly = new PlanAssembly(builder, executors, listeners, killSwitch::publish);
        this.decorators = new Decorators(killSwitch);
    }

    /** An engine with only its in-memory source, the system clock and the default lifetime. */
    public static ChaosEngine create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * How requests carry their signed chaos context, read by the inbound adapters and forwarded by the HTTP clients;
     * {@link RequestScopes#NONE} unless the builder was given some.
     */
    public RequestScopes requestScopes() {
        return requestScopes;
    }

    /** The in-memory source, first in precedence: what code and endpoints define at run time. */
    public InMemoryFlagSource assaults() {
        return assembly.memory();
    }

    /**
     * Defines {@code assault} in the in-memory source after checking it against this engine's limits.
     *
     * @throws InvalidDefinitionException when its duration exceeds the engine's maximum lifetime; nothing changes
     */
    public void define(Assault assault) {
        assembly.memory().put(assault);
    }

    /**
     * Registers {@code executor} under {@code name} for {@code thread-exhaustion} assaults, replacing any
     * executor registered under that name before, and reads the flag sources again, so definitions that
     * named it come into force.
     */
    public void registerExecutor(String name, Executor executor) {
        Objects.requireNonNull(name, "name");
        executors.put(name, Objects.requireNonNull(executor, "executor"));
        assembly.refresh("executor " + name);
    }

    /**
     * Switches chaos on: assaults in force start injecting on the next call.
     *
     * @throws IllegalStateException when the engine's {@link ProductionGuard} blocks chaos, with the guard's
     *     reason as its message; chaos stays off
     */
    public void enable() {
        killSwitch.turn(true);
    }

    /**
     * The kill switch: stops every injection on the next call in every thread, ends pending delays, and stops
     * every stressor, which gives back what it holds promptly on its own thread. Takes effect at once whatever
     * the flag sources and listeners are doing: it waits on no source, and on a listener for at most 100 ms.
     */
    public void disable() {
        killSwitch.turn(false);
    }

    public boolean isEnabled() {
        return killSwitch.isOn();
    }

    /** The production guard {@link #enable()} checks. */
    public ProductionGuard guard() {
        return guard;
    }

    /**
     * Reads every source again and rebuilds the plan; sources that notify their changes need not be refreshed.
     * Waits for each source at most the source timeout, all of them together.
     */
    public void refresh() {
        assembly.refresh("refresh");
    }

    /**
     * Adds a listener. It sees the events from now on: those of a call or a stressor on the thread they happen on,
     * the engine's state events on a daemon thread of its own, so a listener that is slow or stuck delays only
     * itself.
     */
    public void addListener(ChaosListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ChaosListener listener) {
        listeners.remove(listener);
    }

    /** The version of the plan in force; it grows by one with each change. */
    public long planVersion() {
        return assembly.plan().version;
    }

    /** Whether the plan in force defines an assault called {@code name}. */
    boolean defines(String name) {
        return assembly.plan().find(name) != null;
    }

    /** Every assault defined, with its state, by name. */
    public List<AssaultStatus> status() {
        long now = clock.millis();
        return assembly.plan().assaults.stream()
                .map(active -> new AssaultStatus(
                        active.assault,
                        active.source,
                        stateOf(active, now),
                        active.injections(),
                        active.activatedAt,
                        active.expiresAt))
                .sorted(Comparator.comparing(status -> status.assault().name()))
                .toList();
    }

    /** How many assaults can inject now: zero while chaos is off. */
    public int activeAssaultCount() {
        Plan current = killSwitch.live();
        if (current == null) {
            return 0;
        }
        long now = clock.millis();
        return (int)
                current.assaults.stream().filter(active -> active.isLive(now)).count();
    }

    private static AssaultStatus.State stateOf(ActiveAssault active, long now) {
        if (!active.assault.enabled()) {
            return AssaultStatus.State.DISABLED;
        }
        if (now >= active.expiresAt.toEpochMilli()) {
            return AssaultStatus.State.EXPIRED;
        }
        return active.isLive(now) ? AssaultStatus.State.ACTIVE : AssaultStatus.State.EXHAUSTED;
    }

    /**
     * The call sites chaos can reach, by kind and name: every decorator, proxy, method chaos and adapter call site
     * made by this engine so far (at most the first 1,000). Each is also logged at {@code INFO} when it is first
     * wrapped, so a user sees which beans and clients took chaos.
     */
    public List<WrappedCallSite> callSites() {
        return decorators.wrapped();
    }

    /** A call site for an adapter: create it once, call {@link CallSite#decide()} per call. */
    public CallSite callSite(CallSiteKind kind, String name, Map<String, String> attributes) {
        return decorators.callSite(kind, name, attributes);
    }

    /** Decorates {@code supplier}: a call site of kind {@code supplier} called {@code name}. */
    public <T> Supplier<T> decorateSupplier(String name, Supplier<T> supplier) {
        return decorators.supplier(name, supplier);
    }

    /** Decorates {@code callable}; injected checked exceptions are thrown as they are. */
    public <T> Callable<T> decorateCallable(String name, Callable<T> callable) {
        return decorators.callable(name, callable);
    }

    /** Decorates {@code runnable}: a call site of kind {@code supplier} called {@code name}. */
    public Runnable decorateRunnable(String name, Runnable runnable) {
        return decorators.runnable(name, runnable);
    }

    /** Decorates {@code function}: a call site of kind {@code supplier} called {@code name}. */
    public <T, R> Function<T, R> decorateFunction(String name, Function<T, R> function) {
        return decorators.function(name, function);
    }

    /**
     * Decorates an asynchronous call: faults arrive as a failed stage, latency as a delayed one; the caller's
     * thread is never blocked and never sees a synchronous throw from the fault.
     */
    public <T> Supplier<CompletionStage<T>> decorateCompletionStage(
            String name, Supplier<CompletionStage<T>> supplier) {
        return decorators.completionStage(name, supplier);
    }

    /**
     * Wraps {@code target} in a proxy implementing {@code type}; each method is a call site of kind
     * {@code repository} called {@code name}, with attributes {@code type} (the interface's simple name) and
     * {@code method}. {@code equals}, {@code hashCode} and {@code toString} behave as on the target; checked
     * exceptions the method declares are thrown as such; methods returning a {@link CompletionStage} fail
     * asynchronously, and methods returning a Reactor {@code Mono} or {@code Flux} get error and delay
     * signals, decided per subscription (Reactor is needed only by such methods).
     */
    public <T> T proxy(Class<T> type, T target, String name) {
        return decorators.proxy(type, target, name);
    }

    /**
     * Chaos for the methods of an object of {@code type}, for interceptors of other frameworks: each method
     * is a call site of {@code kind} called {@code name}.
     */
    public MethodChaos methodChaos(CallSiteKind kind, String name, Class<?> type) {
        return decorators.methodChaos(kind, name, type);
    }

    /**
     * Stops every stressor and waits (bounded) until it gave back what it held, then stops watching the flag
     * sources and delivers the last events.
     */
    @Override
    public void close() {
        stressors.close();
        disable();
        assembly.close();
        listeners.close();
    }

    /** Configures a {@link ChaosEngine}; reusable. */
    public static final class Builder {
        Clock clock = Clock.systemUTC();
        Duration defaultLifetime = DEFAULT_LIFETIME;
        Duration maxLifetime = Limits.MAX_LIFETIME;
        Duration sourceTimeout = DEFAULT_SOURCE_TIMEOUT;
        ProductionGuard guard = ProductionGuard.NONE;
        RequestScopes requestScopes = RequestScopes.NONE;
        Long seed;
        UnaryOperator<Runnable> taskDecorator = UnaryOperator.identity();
        final List<FlagSource> sources = new ArrayList<>();
        final List<ChaosListener> listeners = new ArrayList<>();

        private Builder() {}

        /** The clock for expiry and event times; inject a fixed or mutable one in tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How requests carry their signed chaos context, so that {@linkplain Assault#requestScoped() request-scoped}
         * assaults apply to them; none by default, and then no request-scoped assault ever applies.
         */
        public Builder requestScopes(RequestScopes requestScopes) {
            this.requestScopes = Objects.requireNonNull(requestScopes, "requestScopes");
            return this;
        }

        /** The lifetime of assaults that give no {@code duration}; at most the maximum lifetime. */
        public Builder defaultLifetime(Duration lifetime) {
            this.defaultLifetime = requireLifetime("defaultLifetime", lifetime);
            return this;
        }

        /** The longest {@code duration} an assault may ask for; at most 12 hours, which is also the default. */
        public Builder maxLifetime(Duration lifetime) {
            this.maxLifetime = requireLifetime("maxLifetime", lifetime);
            return this;
        }

        /**
         * How long the engine waits for a flag source's {@code assaults()}; a source that takes longer counts as
         * unavailable (none of its assaults in force) until a read of it ends. {@link #DEFAULT_SOURCE_TIMEOUT} by
         * default; more than 0 and at most one minute. A hung source holds one daemon thread, never more.
         */
        public Builder sourceTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("sourceTimeout must be > 0 and <= PT1M, but was " + timeout);
            }
            this.sourceTimeout = timeout;
            return this;
        }

        /** The production guard every {@link ChaosEngine#enable()} checks; {@link ProductionGuard#NONE} by default. */
        public Builder guard(ProductionGuard guard) {
            this.guard = Objects.requireNonNull(guard, "guard");
            return this;
        }

        /** Seeds every assault that gives no seed of its own (mixed with its name), for reproducible runs. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        private static Duration requireLifetime(String name, Duration lifetime) {
            if (!Limits.isLifetime(lifetime)) {
                throw new IllegalArgumentException(name + " " + Limits.LIFETIME_RULE + ", but was " + lifetime);
            }
            return lifetime;
        }

        /**
         * Wraps each real call the engine makes later on a timer thread — the call of a decorated
         * {@link CompletionStage} after its latency, and the failing of its stage — as it is taken on the caller's
         * thread, so that what the caller's thread carries (a logging MDC, Micrometer's context) reaches the timer
         * thread: pass your context propagation's decorator, such as Spring's {@code TaskDecorator}. None by
         * default: the timer thread carries nothing of the caller's.
         */
        public Builder taskDecorator(UnaryOperator<Runnable> decorator) {
            this.taskDecorator = Objects.requireNonNull(decorator, "decorator");
            return this;
        }

        /** Adds a flag source, after the in-memory one and those added before it in precedence. */
        public Builder source(FlagSource source) {
            sources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        /** Adds a listener that sees every event, the first plan included. */
        public Builder listener(ChaosListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Builds the engine, reads its sources and starts watching them. Chaos stays off until {@link ChaosEngine#enable()}. */
        public ChaosEngine build() {
            if (defaultLifetime.compareTo(maxLifetime) > 0) {
                throw new IllegalStateException(
                        "defaultLifetime " + defaultLifetime + " must not exceed maxLifetime " + maxLifetime);
            }
            ChaosEngine engine = new ChaosEngine(this);
            engine.assembly.start();
            return engine;
        }
    }
}
