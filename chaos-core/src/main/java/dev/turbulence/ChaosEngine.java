package dev.turbulence;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Holds the one plan of assaults in force and decides, per call, what happens at each decorated call site.
 *
 * <p>Off by default: nothing is injected until {@link #enable()}. {@link #disable()} is the kill switch:
 * every thread sees it on its next call, pending latencies and hangs end early, and running stressors
 * ({@link Fault.Stress}) give back what they took. Stressors run on their own daemon threads while their
 * assault is active and chaos is on. The plan is rebuilt
 * from the flag sources whenever one of them changes; a source that fails never fails the application.
 * Thread-safe. A decorated call costs one volatile read and a branch while chaos is off.
 *
 * <p>The kill switch never waits on a flag source or a listener: sources are read on daemon threads of their
 * own (one per source at a time), outside every lock, and a source that does not answer within the
 * {@linkplain Builder#sourceTimeout source timeout} counts as unavailable until it does; state events are
 * delivered after the engine's locks are released (see {@link ChaosListener}). {@link #enable()} is refused
 * while the engine's {@link ProductionGuard} blocks.
 */
public final class ChaosEngine implements AutoCloseable {

    /** The lifetime of an assault that does not give its own {@code duration}. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);

    /** How long the engine waits for a flag source's {@code assaults()} before it counts as unavailable. */
    public static final Duration DEFAULT_SOURCE_TIMEOUT = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(ChaosEngine.class.getName());
    private static final long PAUSE_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    final Clock clock;
    /** The plan calls consult: {@code null} while chaos is off or no assault is defined. */
    volatile Plan live;

    private final Duration defaultLifetime;
    private final Duration maxLifetime;
    private final Duration sourceTimeout;
    private final ProductionGuard guard;
    private final Long seed;
    private final InMemoryFlagSource memory = new InMemoryFlagSource(this::checked);
    /** The in-memory source first, then the builder's sources, in precedence order. */
    private final List<SourceReader> readers;

    private final List<ChaosListener> listeners = new CopyOnWriteArrayList<>();
    private final EventDispatcher events = new EventDispatcher();
    private final List<AutoCloseable> subscriptions = new ArrayList<>();
    private final Map<String, Executor> executors = new ConcurrentHashMap<>();
    final StressSupervisor stressors = new StressSupervisor(this);
    private final Set<CompletableFuture<Void>> pendingDelays = ConcurrentHashMap.newKeySet();
    /** Guards the plan and every reader's state; held only for in-memory work, never while a source is read. */
    private final Object planLock = new Object();
    /** Guards the switch and what is published from it; taken after {@link #planLock} when both are held. */
    private final Object switchLock = new Object();

    private volatile boolean enabled;
    private volatile Plan plan = Plan.EMPTY;

    private ChaosEngine(Builder builder) {
        this.clock = builder.clock;
        this.defaultLifetime = builder.defaultLifetime;
        this.maxLifetime = builder.maxLifetime;
        this.sourceTimeout = builder.sourceTimeout;
        this.guard = builder.guard;
        this.seed = builder.seed;
        List<SourceReader> all = new ArrayList<>();
        all.add(reader(memory));
        builder.sources.forEach(source -> all.add(reader(source)));
        this.readers = List.copyOf(all);
        builder.listeners.forEach(this::addListener);
    }

    private SourceReader reader(FlagSource source) {
        return new SourceReader(source, SourceReader.nameOf(source), this::checked, this::applyRead, sourceTimeout);
    }

    /** An engine with only its in-memory source, the system clock and the default lifetime. */
    public static ChaosEngine create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The in-memory source, first in precedence: what code and endpoints define at run time. */
    public InMemoryFlagSource assaults() {
        return memory;
    }

    /**
     * Defines {@code assault} in the in-memory source after checking it against this engine's limits.
     *
     * @throws InvalidAssaultException when its duration exceeds the engine's maximum lifetime; nothing changes
     */
    public void define(Assault assault) {
        memory.put(assault);
    }

    private Assault checked(Assault assault) {
        List<Problem> tooLong = AssaultSchema.lifetimeProblems(assault, maxLifetime, maxLifetime.toString());
        if (!tooLong.isEmpty()) {
            throw new InvalidAssaultException("assault '" + assault.name() + "'", tooLong);
        }
        if (assault.fault() instanceof Fault.ThreadExhaustion exhaustion
                && !executors.containsKey(exhaustion.executor())) {
            throw new InvalidAssaultException(
                    "assault '" + assault.name() + "'",
                    List.of(new Problem(
                            "fault.executor",
                            exhaustion.executor(),
                            "must name an executor registered with ChaosEngine.registerExecutor; registered are "
                                    + new TreeSet<>(executors.keySet()))));
        }
        return assault;
    }

    /**
     * Registers {@code executor} under {@code name} for {@code thread-exhaustion} assaults, replacing any
     * executor registered under that name before, and reads the flag sources again, so definitions that
     * named it come into force.
     */
    public void registerExecutor(String name, Executor executor) {
        Objects.requireNonNull(name, "name");
        executors.put(name, Objects.requireNonNull(executor, "executor"));
        reread(readers, "executor " + name);
    }

    Executor executor(String name) {
        return executors.get(name);
    }

    /**
     * Switches chaos on: assaults in force start injecting on the next call.
     *
     * @throws IllegalStateException when the engine's {@link ProductionGuard} blocks chaos, with the guard's
     *     reason as its message; chaos stays off
     */
    public void enable() {
        switchTo(true);
    }

    /**
     * The kill switch: stops every injection on the next call in every thread, ends pending delays, and stops
     * every stressor, which gives back what it holds promptly on its own thread. Takes effect at once whatever
     * the flag sources and listeners are doing: it waits on no source, and on a listener for at most 100 ms.
     */
    public void disable() {
        switchTo(false);
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** The production guard {@link #enable()} checks. */
    public ProductionGuard guard() {
        return guard;
    }

    private void switchTo(boolean on) {
        synchronized (switchLock) {
            if (enabled == on) {
                return;
            }
            if (on && guard.blocked()) {
                throw new IllegalStateException(guard.reason());
            }
            enabled = on;
            publish();
            events.post(new ChaosEvent.Switched(clock.instant(), on));
        }
        if (!on) {
            pendingDelays.forEach(delay -> delay.complete(null));
        }
        events.awaitDelivered();
    }

    /**
     * Reads every source again and rebuilds the plan; sources that notify their changes need not be refreshed.
     * Waits for each source at most the source timeout, all of them together.
     */
    public void refresh() {
        reread(readers, "refresh");
    }

    /**
     * Adds a listener. It sees the events from now on: those of a call or a stressor on the thread they happen on,
     * the engine's state events on a daemon thread of its own, so a listener that is slow or stuck delays only
     * itself.
     */
    public void addListener(ChaosListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        events.add(listener);
    }

    public void removeListener(ChaosListener listener) {
        listeners.remove(listener);
        events.remove(listener);
    }

    /** The version of the plan in force; it grows by one with each change. */
    public long planVersion() {
        return plan.version;
    }

    /** Whether the plan in force defines an assault called {@code name}. */
    boolean defines(String name) {
        return plan.find(name) != null;
    }

    /** Every assault defined, with its state, by name. */
    public List<AssaultStatus> status() {
        long now = clock.millis();
        return plan.assaults.stream()
                .map(active -> new AssaultStatus(
                        active.assault,
                        stateOf(active, now),
                        active.injections(),
                        active.activatedAt,
                        active.expiresAt))
                .sorted(Comparator.comparing(status -> status.assault().name()))
                .toList();
    }

    /** How many assaults can inject now: zero while chaos is off. */
    public int activeAssaultCount() {
        Plan current = live;
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

    /** A call site for an adapter: create it once, call {@link CallSite#decide()} per call. */
    public CallSite callSite(CallSiteKind kind, String name, Map<String, String> attributes) {
        return new CallSite(this, kind, name, attributes);
    }

    /** Decorates {@code supplier}: a call site of kind {@code supplier} called {@code name}. */
    public <T> Supplier<T> decorateSupplier(String name, Supplier<T> supplier) {
        CallSite site = callSite(CallSiteKind.SUPPLIER, name, Map.of());
        return () -> {
            apply(site.decide());
            return supplier.get();
        };
    }

    /** Decorates {@code callable}; injected checked exceptions are thrown as they are. */
    public <T> Callable<T> decorateCallable(String name, Callable<T> callable) {
        CallSite site = callSite(CallSiteKind.SUPPLIER, name, Map.of());
        return () -> {
            Injection injection = site.decide();
            if (injection != null) {
                injection.applyBeforeCall(Exception.class);
            }
            return callable.call();
        };
    }

    /** Decorates {@code runnable}: a call site of kind {@code supplier} called {@code name}. */
    public Runnable decorateRunnable(String name, Runnable runnable) {
        CallSite site = callSite(CallSiteKind.SUPPLIER, name, Map.of());
        return () -> {
            apply(site.decide());
            runnable.run();
        };
    }

    /** Decorates {@code function}: a call site of kind {@code supplier} called {@code name}. */
    public <T, R> Function<T, R> decorateFunction(String name, Function<T, R> function) {
        CallSite site = callSite(CallSiteKind.SUPPLIER, name, Map.of());
        return input -> {
            apply(site.decide());
            return function.apply(input);
        };
    }

    /**
     * Decorates an asynchronous call: faults arrive as a failed stage, latency as a delayed one; the caller's
     * thread is never blocked and never sees a synchronous throw from the fault.
     */
    public <T> Supplier<CompletionStage<T>> decorateCompletionStage(
            String name, Supplier<CompletionStage<T>> supplier) {
        CallSite site = callSite(CallSiteKind.SUPPLIER, name, Map.of());
        return () -> {
            Injection injection = site.decide();
            return injection == null ? supplier.get() : injection.applyAsync(supplier);
        };
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
        if (!type.isInterface()) {
            throw new IllegalArgumentException("type must be an interface, but was " + type.getName());
        }
        Objects.requireNonNull(target, "target");
        Object proxy = Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type},
                new ChaosProxy(methodChaos(CallSiteKind.REPOSITORY, name, type), target));
        return type.cast(proxy);
    }

    /**
     * Chaos for the methods of an object of {@code type}, for interceptors of other frameworks: each method
     * is a call site of {@code kind} called {@code name}.
     */
    public MethodChaos methodChaos(CallSiteKind kind, String name, Class<?> type) {
        return new MethodChaos(this, kind, name, type);
    }

    private static void apply(Injection injection) {
        if (injection != null) {
            injection.applyBeforeCall();
        }
    }

    /** Sleeps for {@code delay}, waking early on the kill switch or an interrupt. */
    void pause(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        for (long left = delay.toNanos(); left > 0 && enabled; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(left, PAUSE_SLICE_NANOS));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Completes after {@code delay}, or at once when chaos is (or gets) switched off; blocks no thread. */
    CompletableFuture<Void> delay(Duration delay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!enabled || delay.isZero() || delay.isNegative()) {
            done.complete(null);
            return done;
        }
        pendingDelays.add(done);
        done.whenComplete((ignored, error) -> pendingDelays.remove(done));
        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(() -> done.complete(null));
        if (!enabled) {
            done.complete(null);
        }
        return done;
    }

    void expired(ActiveAssault active, long nowMillis) {
        emit(new ChaosEvent.AssaultExpired(Instant.ofEpochMilli(nowMillis), active.assault.name()));
    }

    /** Delivers {@code event} on this thread at once: for events of a call or a stressor's own thread. */
    void emit(ChaosEvent event) {
        for (ChaosListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (Throwable failure) {
                // a listener's failure, even an Error, must reach neither the application's call nor a stressor's timer
                LOG.log(System.Logger.Level.WARNING, "Chaos listener " + listener + " failed on " + event, failure);
            }
        }
    }

    /** Queues {@code event} for the listeners, to be delivered in order once the engine's locks are released. */
    void post(ChaosEvent event) {
        events.post(event);
    }

    /** Reads {@code sources} again, waiting for each at most the source timeout, and applies what they gave. */
    private void reread(List<SourceReader> sources, String cause) {
        List<SourceReader> asked = new ArrayList<>();
        List<SourceReader.Ticket> tickets = new ArrayList<>();
        for (SourceReader reader : sources) {
            if (reader.source == memory) {
                synchronized (planLock) {
                    reader.good = memory.assaults();
                    rebuild(cause);
                }
            } else {
                asked.add(reader);
                tickets.add(reader.request());
            }
        }
        long startedAt = System.nanoTime();
        for (int i = 0; i < tickets.size(); i++) {
            SourceReader.Ticket ticket = tickets.get(i);
            long left = ticket.waitNanos() - (System.nanoTime() - startedAt);
            try {
                ticket.done().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (TimeoutException unanswered) {
                timedOut(asked.get(i), ticket.number(), cause);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        events.awaitDelivered();
    }

    /** A read of {@code reader} ended: applies its assaults, or its failure, unless a later read was applied. */
    private void applyRead(SourceReader reader, long number, List<Assault> assaults, Throwable failure) {
        synchronized (planLock) {
            if (number <= reader.applied) {
                return;
            }
            reader.applied = number;
            if (failure == null) {
                reader.good = assaults;
                if (reader.failing) {
                    reader.failing = false;
                    LOG.log(System.Logger.Level.INFO, "Chaos flag source " + reader.name + " recovered");
                }
            } else {
                failed(reader, failure instanceof InvalidAssaultException, describe(failure));
            }
            rebuild(reader.name);
        }
    }

    /** Read {@code number} of {@code reader} did not end within the timeout: the source is unavailable until it does. */
    private void timedOut(SourceReader reader, long number, String cause) {
        synchronized (planLock) {
            if (reader.applied >= number) {
                return;
            }
            failed(reader, false, "did not answer within " + sourceTimeout.toMillis() + " ms");
            rebuild(cause);
        }
    }

    private void failed(SourceReader reader, boolean invalid, String reason) {
        if (!reader.failing) {
            reader.failing = true;
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Chaos flag source " + reader.name + " failed; "
                            + (invalid ? "its last good assaults stay in force: " : "no assaults from it: ")
                            + reason);
        }
        post(new ChaosEvent.SourceFailed(clock.instant(), reader.name, reason));
        if (!invalid) {
            reader.good = List.of();
        }
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() != null
                ? failure.getMessage()
                : failure.getClass().getName();
    }

    /** Merges what the sources give now into a new plan, if it differs; called under the plan lock. */
    private void rebuild(String cause) {
        Map<String, Assault> merged = new LinkedHashMap<>();
        for (SourceReader reader : readers) {
            for (Assault assault : reader.good) {
                merged.putIfAbsent(assault.name(), assault);
            }
        }
        Plan current = plan;
        List<ActiveAssault> next = new ArrayList<>();
        boolean changed = merged.size() != current.assaults.size();
        Instant now = clock.instant();
        for (Assault assault : merged.values()) {
            ActiveAssault previous = current.find(assault.name());
            boolean same = previous != null && previous.assault.equals(assault);
            next.add(same ? previous : new ActiveAssault(assault, now, defaultLifetime, seed));
            changed |= !same;
        }
        if (changed) {
            plan = new Plan(current.version + 1, next);
            publish();
            post(new ChaosEvent.PlanChanged(now, plan.version, cause, List.copyOf(merged.keySet())));
        }
    }

    private void publish() {
        synchronized (switchLock) {
            Plan current = plan;
            boolean on = enabled;
            live = on && !current.assaults.isEmpty() ? current : null;
            stressors.reconcile(current, on);
        }
    }

    /**
     * Stops every stressor and waits (bounded) until it gave back what it held, then stops watching the flag
     * sources and delivers the last events.
     */
    @Override
    public void close() {
        stressors.close();
        disable();
        synchronized (planLock) {
            for (AutoCloseable subscription : subscriptions) {
                try {
                    subscription.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.DEBUG, "Closing a flag source subscription failed", e);
                }
            }
            subscriptions.clear();
        }
        events.close();
    }

    private void start() {
        for (SourceReader reader : readers) {
            try {
                AutoCloseable subscription = reader.source.subscribe(() -> reread(List.of(reader), reader.name));
                synchronized (planLock) {
                    subscriptions.add(subscription);
                }
            } catch (RuntimeException | Error failure) {
                LOG.log(System.Logger.Level.WARNING, "Cannot watch chaos flag source " + reader.name, failure);
                post(new ChaosEvent.SourceFailed(clock.instant(), reader.name, describe(failure)));
            }
        }
        reread(readers, "start");
    }

    /** Configures a {@link ChaosEngine}; reusable. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Duration defaultLifetime = DEFAULT_LIFETIME;
        private Duration maxLifetime = Assault.MAX_DURATION;
        private Duration sourceTimeout = DEFAULT_SOURCE_TIMEOUT;
        private ProductionGuard guard = ProductionGuard.NONE;
        private Long seed;
        private final List<FlagSource> sources = new ArrayList<>();
        private final List<ChaosListener> listeners = new ArrayList<>();

        private Builder() {}

        /** The clock for expiry and event times; inject a fixed or mutable one in tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
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
            if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Assault.MAX_DURATION) > 0) {
                throw new IllegalArgumentException(name + " must be > 0 and <= PT12H, but was " + lifetime);
            }
            return lifetime;
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
            engine.start();
            return engine;
        }
    }
}
