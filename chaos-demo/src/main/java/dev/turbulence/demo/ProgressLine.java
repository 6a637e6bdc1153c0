package dev.turbulence.demo;

import dev.turbulence.resilience4j.Alarm;
import dev.turbulence.resilience4j.AlarmMonitor;
import dev.turbulence.resilience4j.AlarmStatus;
import dev.turbulence.resilience4j.Experiment;
import dev.turbulence.resilience4j.ExperimentReport;
import dev.turbulence.resilience4j.ExperimentRunner;
import dev.turbulence.resilience4j.Probe;
import dev.turbulence.resilience4j.Verdict;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The live line of the experiment under way — its phase, time elapsed, the calls and failures its load saw,
 * and the states of the breakers and alarms it probes — redrawn in place on a terminal (elsewhere printed
 * at each change of phase), then closed with the experiment's verdict.
 */
final class ProgressLine implements AutoCloseable {

    private static final long REDRAW_MILLIS = 250;

    private final PrintStream out;
    private final boolean terminal;
    private final int total;
    private final ExperimentRunner runner;
    private final CircuitBreakerRegistry breakers;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "game-day-progress");
        thread.setDaemon(true);
        return thread;
    });
    private Shown shown;
    private String printedPhase;
    private int number;

    /** The experiment shown now: its traffic, and when it started by {@link System#nanoTime()}. */
    private record Shown(Experiment experiment, StorefrontLoad load, long startedAt) {}

    ProgressLine(
            PrintStream out, boolean terminal, int total, ExperimentRunner runner, CircuitBreakerRegistry breakers) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.runner = runner;
        this.breakers = breakers;
        ticker.scheduleAtFixedRate(this::redraw, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
    }

    synchronized void starting(Experiment experiment, StorefrontLoad load) {
        number++;
        shown = new Shown(experiment, load, System.nanoTime());
        printedPhase = null;
        redraw();
    }

    synchronized void finished(ExperimentReport report, Verdict expected) {
        Shown done = shown;
        shown = null;
        print(
                line(
                        done,
                        report.verdict().name(),
                        report.verdict() == expected ? "(as expected)" : "(expected " + expected + ")"),
                true);
    }

    private synchronized void redraw() {
        Shown now = shown;
        if (now == null) {
            return;
        }
        String phase = runner.running()
                .filter(running -> running.experiment().equals(now.experiment().name()))
                .map(ExperimentRunner.Running::phase)
                .orElse("starting");
        if (!terminal && phase.equals(printedPhase)) {
            return;
        }
        printedPhase = phase;
        print(line(now, phase, states(now.experiment())), !terminal);
    }

    private String line(Shown shown, String status, String detail) {
        return String.format(
                Locale.ROOT,
                "[%d/%d] %-20s %-12s %5.1f s  calls %4d  failures %4d  %s",
                number,
                total,
                shown.experiment().name(),
                status,
                elapsed(shown),
                shown.load().calls.sum(),
                shown.load().failures.sum(),
                detail);
    }

    private static double elapsed(Shown shown) {
        return Duration.ofNanos(System.nanoTime() - shown.startedAt()).toMillis() / 1000.0;
    }

    private String states(Experiment experiment) {
        Stream<String> breakerStates = experiment.probes().stream()
                .filter(probe -> probe.subject().equals("circuitBreaker"))
                .map(Probe::name)
                .distinct()
                .map(name -> "breaker " + name + "="
                        + breakers.find(name).map(CircuitBreaker::getState).orElse(null));
        AlarmMonitor alarms = runner.alarmMonitor();
        Stream<String> alarmStates = Stream.concat(
                        experiment.alarms().stream().map(Alarm::name), experiment.stopConditions().stream())
                .distinct()
                .map(name -> alarms.status(name)
                        .map(AlarmStatus::state)
                        .map(state -> "alarm " + name + "=" + state)
                        .orElse(null))
                .filter(Objects::nonNull);
        return Stream.concat(breakerStates, alarmStates).collect(Collectors.joining("  "));
    }

    private void print(String line, boolean ended) {
        if (terminal) {
            out.print("\r" + line + "\033[K" + (ended ? System.lineSeparator() : ""));
            out.flush();
        } else {
            out.println(line);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
