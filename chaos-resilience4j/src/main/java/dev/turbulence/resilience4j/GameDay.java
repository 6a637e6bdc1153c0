package dev.turbulence.resilience4j;

import dev.turbulence.ChaosEvent;
import dev.turbulence.ChaosListener;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Limits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A game day: declared experiments run in order with one call, with one combined report. Chaos is on for
 * the whole game day (and off again afterwards if it was off before); the kill switch
 * ({@code engine.disable()}) pulled during it ends the experiment under way at once (its run removes its
 * assaults, or applies none, and reports INCONCLUSIVE), and the experiments not run are listed as skipped,
 * as after an interrupt. Immutable.
 *
 * @param name the game day's name, matching {@link Limits#NAME_PATTERN}
 * @param experiments run in this order; at least one, names unique
 */
public record GameDay(String name, List<Experiment> experiments) {

    public GameDay {
        Objects.requireNonNull(name, "name");
        if (!Limits.isName(name)) {
            throw new IllegalArgumentException("name must match " + Limits.NAME_PATTERN + ", but was '" + name + "'");
        }
        experiments = List.copyOf(experiments);
        if (experiments.isEmpty()) {
            throw new IllegalArgumentException("experiments must list at least one experiment, but was empty");
        }
        Set<String> names = new HashSet<>();
        for (Experiment experiment : experiments) {
            if (!names.add(experiment.name())) {
                throw new IllegalArgumentException(
                        "experiments must have unique names, but '" + experiment.name() + "' appears twice");
            }
        }
    }

    /** Runs every experiment in order; see {@link #run(ExperimentRunner, Consumer, Consumer)}. */
    public GameDayReport run(ExperimentRunner runner) {
        return run(runner, experiment -> {}, report -> {});
    }

    /**
     * Runs every experiment in order, each checked against the runner's registries first, telling
     * {@code starting} before and {@code finished} after each one.
     *
     * @throws InvalidDefinitionException when an experiment names what the runner does not know; nothing runs
     */
    public GameDayReport run(
            ExperimentRunner runner, Consumer<Experiment> starting, Consumer<ExperimentReport> finished) {
        experiments.forEach(runner::check);
        AtomicBoolean killed = new AtomicBoolean();
        ChaosListener killSwitch = event -> {
            if (event instanceof ChaosEvent.Switched switched && !switched.enabled()) {
                killed.set(true);
            }
        };
        Instant startedAt = runner.clock.instant();
        List<ExperimentReport> reports = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        boolean wasOn = runner.engine.isEnabled();
        runner.engine.enable();
        runner.engine.addListener(killSwitch);
        try {
            for (Experiment experiment : experiments) {
                if (killed.get() || Thread.currentThread().isInterrupted()) {
                    skipped.add(experiment.name());
                    continue;
                }
                starting.accept(experiment);
                ExperimentReport report = runner.run(experiment, false);
                reports.add(report);
                finished.accept(report);
            }
        } finally {
            runner.engine.removeListener(killSwitch);
            if (!wasOn) {
                runner.engine.disable();
            }
        }
        return new GameDayReport(name, startedAt, runner.clock.instant(), reports, skipped);
    }
}
