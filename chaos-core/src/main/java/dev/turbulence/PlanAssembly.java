package dev.turbulence;

import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Assembles the plan in force from the flag sources: reads them (each on a daemon thread of its own, bounded by the
 * source timeout), checks what they give against the engine's limits, keeps each source's last good assaults when it
 * gives an invalid definition (none when it fails otherwise), merges them in precedence order and hands each new
 * plan to the switch. Thread-safe; its lock is held only for in-memory work, never while a source is read.
 */
final class PlanAssembly {

    private static final System.Logger LOG = System.getLogger(PlanAssembly.class.getName());

    private final Clock clock;
    private final Duration defaultLifetime;
    private final Duration maxLifetime;
    private final Duration sourceTimeout;
    private final Long seed;
    private final Map<String, Executor> executors;
    private final Listeners listeners;
    private final Consumer<Plan> onChange;
    private final InMemoryFlagSource memory = new InMemoryFlagSource(this::checked);
    /** The in-memory source first, then the other sources, in precedence order. */
    private final List<SourceReader> readers;

    private final List<AutoCloseable> subscriptions = new ArrayList<>();
    /** Guards the plan and every reader's state. */
    private final Object lock = new Object();

    private volatile Plan plan = Plan.EMPTY;

    /**
     * @param executors the executors registered for {@code thread-exhaustion} assaults, which they must name
     * @param onChange receives each new plan, under this assembly's lock
     */
    PlanAssembly(
            ChaosEngine.Builder settings,
            Map<String, Executor> executors,
            Listeners listeners,
            Consumer<Plan> onChange) {
        this.clock = settings.clock;
        this.defaultLifetime = settings.defaultLifetime;
        this.maxLifetime = settings.maxLifetime;
        this.sourceTimeout = settings.sourceTimeout;
        this.seed = settings.seed;
        this.executors = executors;
        this.listeners = listeners;
        this.onChange = onChange;
        List<SourceReader> all = new ArrayList<>();
        all.add(reader(memory));
        settings.sources.forEach(source -> all.add(reader(source)));
        this.readers = List.copyOf(all);
    }

    private SourceReader reader(FlagSource source) {
        return new SourceReader(source, SourceReader.nameOf(source), this::checked, this::applyRead, sourceTimeout);
    }

    InMemoryFlagSource memory() {
        return memory;
    }

    Plan plan() {
        return plan;
    }

    /** {@code assault}, when it keeps within the engine's limits. */
    private Assault checked(Assault assault) {
        List<Problem> tooLong = AssaultSchema.lifetimeProblems(assault, maxLifetime, maxLifetime.toString());
        if (!tooLong.isEmpty()) {
            throw new InvalidDefinitionException("assault '" + assault.name() + "'", tooLong);
        }
        if (assault.stress() instanceof Stress.ThreadExhaustion exhaustion
                && !executors.containsKey(exhaustion.executor())) {
            throw new InvalidDefinitionException(
                    "assault '" + assault.name() + "'",
                    List.of(new Problem(
                            "fault.executor",
                            exhaustion.executor(),
                            "must name an executor registered with ChaosEngine.registerExecutor; registered are "
                                    + new TreeSet<>(executors.keySet()))));
        }
        return assault;
    }

    /** Reads every source and starts watching those that notify their changes. */
    void start() {
        for (SourceReader reader : readers) {
            try {
                AutoCloseable subscription = reader.source.subscribe(() -> reread(List.of(reader), reader.name));
                synchronized (lock) {
                    subscriptions.add(subscription);
                }
            } catch (RuntimeException | Error failure) {
                LOG.log(System.Logger.Level.WARNING, "Cannot watch chaos flag source " + reader.name, failure);
                listeners.post(new ChaosEvent.SourceFailed(clock.instant(), reader.name, describe(failure)));
            }
        }
        refresh("start");
    }

    /** Reads every source again, waiting for each at most the source timeout, all of them together. */
    void refresh(String cause) {
        reread(readers, cause);
    }

    /** Stops watching the sources. */
    void close() {
        synchronized (lock) {
            for (AutoCloseable subscription : subscriptions) {
                try {
                    subscription.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.DEBUG, "Closing a flag source subscription failed", e);
                }
            }
            subscriptions.clear();
        }
    }

    private void reread(List<SourceReader> sources, String cause) {
        List<SourceReader> asked = new ArrayList<>();
        List<SourceReader.Ticket> tickets = new ArrayList<>();
        for (SourceReader reader : sources) {
            if (reader.source == memory) {
                synchronized (lock) {
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
        listeners.awaitDelivered();
    }

    /** A read of {@code reader} ended: applies its assaults, or its failure, unless a later read was applied. */
    private void applyRead(SourceReader reader, long number, List<Assault> assaults, Throwable failure) {
        synchronized (lock) {
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
                failed(reader, failure instanceof InvalidDefinitionException, describe(failure));
            }
            rebuild(reader.name);
        }
    }

    /** Read {@code number} of {@code reader} did not end within the timeout: the source is unavailable until it does. */
    private void timedOut(SourceReader reader, long number, String cause) {
        synchronized (lock) {
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
        listeners.post(new ChaosEvent.SourceFailed(clock.instant(), reader.name, reason));
        if (!invalid) {
            reader.good = List.of();
        }
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() != null
                ? failure.getMessage()
                : failure.getClass().getName();
    }

    /** Merges what the sources give now into a new plan, if it differs; called under the lock. */
    private void rebuild(String cause) {
        Map<String, Assault> merged = new LinkedHashMap<>();
        Map<String, String> sourceOf = new LinkedHashMap<>();
        for (SourceReader reader : readers) {
            for (Assault assault : reader.good) {
                if (merged.putIfAbsent(assault.name(), assault) == null) {
                    sourceOf.put(assault.name(), reader.name);
                }
            }
        }
        Plan current = plan;
        List<ActiveAssault> next = new ArrayList<>();
        boolean changed = merged.size() != current.assaults.size();
        Instant now = clock.instant();
        for (Assault assault : merged.values()) {
            ActiveAssault previous = current.find(assault.name());
            String source = sourceOf.get(assault.name());
            boolean same = previous != null && previous.assault.equals(assault) && previous.source.equals(source);
            next.add(same ? previous : new ActiveAssault(assault, source, now, defaultLifetime, seed));
            changed |= !same;
        }
        if (changed) {
            plan = new Plan(current.version + 1, next);
            onChange.accept(plan);
            listeners.post(new ChaosEvent.PlanChanged(now, plan.version, cause, List.copyOf(merged.keySet())));
        }
    }
}
