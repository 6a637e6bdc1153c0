package dev.turbulence.resilience4j;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Evaluates {@link Alarm}s over the meters of one registry: once per alarm {@code period} on the timers of its
 * {@link Timekeeper} after {@link #start()} (a shared daemon thread in real time; the waiting thread in
 * {@link VirtualTime}), or on demand with {@link #evaluate()}. Publishes each OK→ALARM and ALARM→OK transition to its {@link AlarmListener}s and as gauge
 * {@code chaos.alarm.state{alarm}} (0 OK, 1 ALARM). The timekeeper's clock times datapoints, rates and {@code for}
 * durations. Thread-safe. A failing evaluation or listener is logged and never stops the monitor.
 */
public final class AlarmMonitor implements AutoCloseable {

    /** The name of the state gauge. */
    public static final String STATE_METER = "chaos.alarm.state";

    private static final System.Logger LOG = System.getLogger(AlarmMonitor.class.getName());

    private final MeterRegistry registry;
    private final Timekeeper time;
    private final Clock clock;
    private final Map<String, Entry> alarms = new ConcurrentHashMap<>();
    private final List<AlarmListener> listeners = new CopyOnWriteArrayList<>();
    private boolean started;

    private AlarmMonitor(MeterRegistry registry, Timekeeper time) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.time = Objects.requireNonNull(time, "time");
        this.clock = time.clock();
    }

    /** A monitor of {@code registry} in real time; evaluation starts with {@link #start()}. */
    public static AlarmMonitor create(MeterRegistry registry) {
        return new AlarmMonitor(registry, Timekeeper.system());
    }

    /** A monitor of {@code registry} whose periods and datapoints are timed by {@code time}. */
    public static AlarmMonitor create(MeterRegistry registry, Timekeeper time) {
        return new AlarmMonitor(registry, time);
    }

    /**
     * Adds {@code alarm} in state OK; its counts start from now.
     *
     * @throws IllegalStateException when an alarm of that name is already monitored
     */
    public synchronized void add(Alarm alarm) {
        Objects.requireNonNull(alarm, "alarm");
        if (alarms.containsKey(alarm.name())) {
            throw new IllegalStateException("alarm '" + alarm.name() + "' is already monitored");
        }
        TrackedAlarm tracked = new TrackedAlarm(alarm, registry, clock.instant());
        Gauge gauge = Gauge.builder(STATE_METER, tracked, t -> t.state().gaugeValue())
                .description("The state of a chaos alarm: 0 OK, 1 ALARM")
                .tag("alarm", alarm.name())
                .strongReference(true)
                .register(registry);
        Entry entry = new Entry(tracked, gauge);
        alarms.put(alarm.name(), entry);
        if (started) {
            schedule(entry);
        }
    }

    /** Stops monitoring the alarm called {@code name} and removes its gauge; returns whether there was one. */
    public synchronized boolean remove(String name) {
        Entry entry = alarms.remove(name);
        if (entry == null) {
            return false;
        }
        if (entry.timer != null) {
            entry.timer.cancel();
        }
        registry.remove(entry.gauge);
        return true;
    }

    /** The names of the monitored alarms, sorted. */
    public List<String> names() {
        return alarms.keySet().stream().sorted().toList();
    }

    public Optional<AlarmStatus> status(String name) {
        return Optional.ofNullable(alarms.get(name)).map(entry -> entry.tracked.status());
    }

    /**
     * The state of the alarm called {@code name}.
     *
     * @throws IllegalArgumentException naming the monitored alarms when there is none of that name
     */
    public AlarmState state(String name) {
        Entry entry = alarms.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("no alarm '" + name + "' is monitored; monitored alarms: " + names());
        }
        return entry.tracked.state();
    }

    public void addListener(AlarmListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(AlarmListener listener) {
        listeners.remove(listener);
    }

    /** Starts evaluating every alarm once per its period, on the timekeeper's timers. Idempotent. */
    public synchronized void start() {
        if (!started) {
            started = true;
            alarms.values().forEach(this::schedule);
        }
    }

    public synchronized boolean isStarted() {
        return started;
    }

    /** Takes one datapoint of every alarm now, by the monitor's clock, and publishes the transitions. */
    public void evaluate() {
        alarms.values().forEach(entry -> evaluate(entry.tracked));
    }

    private void schedule(Entry entry) {
        Duration period = entry.tracked.alarm().period();
        entry.timer = time.every(period, period, () -> evaluate(entry.tracked));
    }

    private void evaluate(TrackedAlarm tracked) {
        AlarmTransition transition;
        try {
            transition = tracked.evaluate(registry, clock.instant());
        } catch (RuntimeException failure) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Evaluating alarm '" + tracked.alarm().name() + "' failed",
                    failure);
            return;
        }
        if (transition == null) {
            return;
        }
        for (AlarmListener listener : listeners) {
            try {
                listener.onTransition(transition);
            } catch (RuntimeException failure) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Alarm listener " + listener + " failed on " + transition,
                        failure);
            }
        }
    }

    /** Stops the monitor's timers; the alarms and their gauges stay, and {@link #evaluate()} still works. */
    @Override
    public synchronized void close() {
        if (started) {
            started = false;
            alarms.values().forEach(entry -> {
                entry.timer.cancel();
                entry.timer = null;
            });
        }
    }

    private static final class Entry {
        final TrackedAlarm tracked;
        final Gauge gauge;
        volatile Timekeeper.Timer timer;

        Entry(TrackedAlarm tracked, Gauge gauge) {
            this.tracked = tracked;
            this.gauge = gauge;
        }
    }
}
