package dev.turbulence.resilience4j;

import dev.turbulence.Assault;
import dev.turbulence.ChaosEvent;
import dev.turbulence.ChaosListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One run of an experiment through its phases; see {@link ExperimentRunner}. */
final class Run {

    private static final System.Logger LOG = System.getLogger(Run.class.getName());
    private static final Duration FINEST_SAMPLE = Duration.ofMillis(20);
    private static final Duration COARSEST_SAMPLE = Duration.ofSeconds(5);

    private final ExperimentRunner runner;
    private final Experiment experiment;
    private final Recorder recorder;
    private final Verifier verifier;
    private final AlarmListener alarmListener = this::onAlarm;
    private final ChaosListener killSwitch = this::onChaosEvent;
    private final List<ExperimentReport.Phase> phases = new ArrayList<>();
    private final List<ProbeResult> results = new ArrayList<>();
    private final Object assaultLock = new Object();
    private final boolean mayEnableChaos;
    private volatile String phase;
    private Instant phaseStartedAt;
    private volatile ExperimentReport.Abort abortedBy;
    private volatile Instant killedAt;
    private volatile boolean cutShort;
    private boolean applied;
    private boolean removing;
    private boolean switchedChaosOn;
    private Instant removedAt;
    private Snapshot atRemoval;
    private Snapshot runStart;
    private Window baseline;
    private Timekeeper.Timer samples;
    private LoadDriver load;
    private final List<String> addedAlarms = new ArrayList<>();

    /** {@code mayEnableChaos}: whether the run switches chaos on for its assaults when it finds chaos off. */
    Run(ExperimentRunner runner, Experiment experiment, boolean mayEnableChaos) {
        this.runner = runner;
        this.experiment = experiment;
        this.mayEnableChaos = mayEnableChaos;
        this.recorder =
                new Recorder(experiment.assaults().stream().map(Assault::name).collect(Collectors.toSet()));
        this.verifier = new Verifier(runner, experiment, recorder);
        this.phase = firesProbes().isEmpty() ? "steadyState" : "baseline";
    }

    /** The phase under way: {@code steadyState}, {@code assaults}, {@code recovery}, or {@code null} once ended. */
    String phase() {
        return phase;
    }

    Experiment experiment() {
        return experiment;
    }

    ExperimentReport execute() {
        Instant startedAt = runner.clock.instant();
        phaseStartedAt = startedAt;
        Verdict forced = null;
        String ending = null;
        try {
            begin();
            baseline = watchBaseline();
            List<ProbeResult> before = steadyState("steadyState", true);
            List<ProbeResult> broken =
                    before.stream().filter(r -> r.verdict() == Verdict.FAILED).toList();
            List<ProbeResult> undecided = before.stream()
                    .filter(r -> r.verdict() == Verdict.INCONCLUSIVE)
                    .toList();
            if (!broken.isEmpty()) {
                forced = Verdict.FAILED;
                ending = "the steady state did not hold before the assaults, so nothing was injected: " + list(broken);
            } else if (!undecided.isEmpty()) {
                forced = Verdict.INCONCLUSIVE;
                ending = "the steady state could not be verified before the assaults, so nothing was injected: "
                        + list(undecided);
            } else {
                runAssaultsAndRecovery();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            forced = Verdict.INCONCLUSIVE;
            ending = "interrupted during " + phase + "; the assaults were removed";
        } catch (RuntimeException failure) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Experiment '" + experiment.name() + "' could not run to its end (" + phase + ")",
                    failure);
            forced = Verdict.INCONCLUSIVE;
            ending = "the experiment could not run to its end: " + failure + " during " + phase
                    + "; the assaults were removed";
        } finally {
            removeAssaults();
            end();
        }
        return report(startedAt, forced, ending);
    }

    private void runAssaultsAndRecovery() throws InterruptedException {
        enter("assaults");
        verifier.restartPeaks();
        Snapshot start = verifier.snapshot();
        if (!apply()) {
            return;
        }
        runner.time.await(() -> cutShort, experiment.duration());
        Snapshot end = verifier.snapshot();
        removeAssaults();
        ExperimentReport.Abort abortion = abortedBy;
        String cutShortBy = abortion != null ? abortion.alarm() : killedAt != null ? "the kill switch" : null;
        Window window = new Window(start, end, experiment.duration(), cutShortBy, baseline);
        for (Probe probe : experiment.hypothesis()) {
            results.add(
                    probe instanceof Probe.DuringAssaults during
                            ? verifier.during(during, window)
                            : verifier.pointInTime((Probe.PointInTime) probe, "hypothesis"));
        }
        enter("recovery");
        for (Probe probe : experiment.recovery()) {
            results.add(
                    probe instanceof Probe.AfterAssaults after
                            ? verifier.after(after, removedAt(), snapshotAtRemoval())
                            : verifier.pointInTime((Probe.PointInTime) probe, "recovery"));
        }
        settle();
        steadyState("steadyStateAfter", false);
    }

    /**
     * Gives the system time to come back before the final steady-state check: re-checks the steady state until every
     * probe of it holds, for at most the experiment's duration (as long as the faults had to break it).
     */
    private void settle() throws InterruptedException {
        if (experiment.steadyState().isEmpty()) {
            return;
        }
        runner.time.await(
                () -> experiment.steadyState().stream()
                        .allMatch(probe -> verifier.pointInTime((Probe.PointInTime) probe, "steadyStateAfter")
                                        .verdict()
                                == Verdict.PASSED),
                experiment.duration());
    }

    /** The alarms that the hypothesis's {@code firesWithin} probes name. */
    private List<String> firesProbes() {
        return experiment.hypothesis().stream()
                .filter(Probe.AlarmFires.class::isInstance)
                .map(Probe::name)
                .distinct()
                .toList();
    }

    /**
     * Watches the alarms that {@code firesWithin} probes name, under the traffic and without faults, so that a
     * firing later shows the faults were caught and not normal traffic; {@code null} when there is nothing to watch
     * or the experiment's baseline is zero.
     */
    private Window watchBaseline() throws InterruptedException {
        List<String> alarms = firesProbes();
        if (alarms.isEmpty()) {
            return null;
        }
        Duration length = experiment.baseline() != null
                ? experiment.baseline()
                : alarms.stream()
                        .map(name -> runner.alarms
                                .status(name)
                                .map(status -> status.alarm().period()))
                        .flatMap(java.util.Optional::stream)
                        .max(Duration::compareTo)
                        .orElse(Duration.ZERO)
                        .multipliedBy(2);
        Window watched = null;
        if (!length.isZero()) {
            Snapshot from = verifier.snapshot();
            runner.time.await(() -> killedAt != null, length);
            watched = new Window(from, verifier.snapshot(), length, null, null);
        }
        enter("steadyState");
        return watched;
    }

    private List<ProbeResult> steadyState(String name, boolean withStopConditions) {
        List<ProbeResult> found = new ArrayList<>();
        for (Probe probe : experiment.steadyState()) {
            found.add(verifier.pointInTime((Probe.PointInTime) probe, name));
        }
        if (withStopConditions) {
            for (String alarm : experiment.stopConditions()) {
                Probe.AlarmInState ok = Probe.alarmIs(alarm, AlarmState.OK);
                if (!experiment.steadyState().contains(ok)) {
                    found.add(verifier.pointInTime(ok, name));
                }
            }
        }
        results.addAll(found);
        return found;
    }

    private void begin() {
        for (Alarm alarm : experiment.alarms()) {
            runner.alarms.add(alarm);
            addedAlarms.add(alarm.name());
        }
        runner.alarms.addListener(alarmListener);
        if (!verifier.alarms.isEmpty()) {
            runner.alarms.start();
        }
        runner.engine.addListener(recorder);
        runner.engine.addListener(killSwitch);
        runner.watches.sendTo(change -> {
            if (verifier.breakers.contains(change.name())) {
                recorder.stateChanged(change);
            }
        });
        runStart = verifier.snapshot();
        samples = runner.time.every(Duration.ZERO, sampleInterval(), this::sample);
        Load declared = runner.resolvedLoad(experiment);
        if (declared != null) {
            load = new LoadDriver(declared, runner.time);
            load.start();
        }
    }

    private Duration sampleInterval() {
        Duration interval = experiment.duration().dividedBy(50);
        if (interval.compareTo(FINEST_SAMPLE) < 0) {
            return FINEST_SAMPLE;
        }
        return interval.compareTo(COARSEST_SAMPLE) > 0 ? COARSEST_SAMPLE : interval;
    }

    private void end() {
        try {
            if (load != null) {
                load.stop();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        if (samples != null) {
            samples.cancel();
            sample();
        }
        runner.engine.removeListener(recorder);
        runner.engine.removeListener(killSwitch);
        runner.watches.sendTo(null);
        runner.alarms.removeListener(alarmListener);
        addedAlarms.forEach(runner.alarms::remove);
        enter(null);
    }

    /** Applies the assaults, unless the kill switch was pulled first; returns whether they were applied. */
    private boolean apply() {
        synchronized (assaultLock) {
            if (!runner.engine.isEnabled() && !mayEnableChaos && killedAt == null) {
                killedAt = runner.clock.instant();
                cutShort();
            }
            if (killedAt != null) {
                return false;
            }
            runner.engine.assaults().putAll(experiment.assaults());
            if (mayEnableChaos && !runner.engine.isEnabled()) {
                runner.engine.enable();
                switchedChaosOn = true;
            }
            applied = true;
            return true;
        }
    }

    /**
     * Removes the experiment's assaults once, whichever thread comes first: the run, an abort, the kill switch,
     * a failure.
     */
    private void removeAssaults() {
        synchronized (assaultLock) {
            if (!applied || removing) {
                return;
            }
            removing = true;
            try {
                experiment
                        .assaults()
                        .forEach(assault -> runner.engine.assaults().remove(assault.name()));
            } finally {
                if (switchedChaosOn) {
                    runner.engine.disable();
                }
                removedAt = runner.clock.instant();
            }
            atRemoval = verifier.snapshot();
        }
    }

    private Instant removedAt() {
        synchronized (assaultLock) {
            return removedAt;
        }
    }

    private Snapshot snapshotAtRemoval() {
        synchronized (assaultLock) {
            return atRemoval;
        }
    }

    /**
     * The kill switch pulled before or while the assaults run ends the run at once, as a stop condition does;
     * pulled before, it keeps the assaults from being applied.
     */
    private void onChaosEvent(ChaosEvent event) {
        if (event instanceof ChaosEvent.Switched switched && !switched.enabled()) {
            synchronized (assaultLock) {
                if (!removing && abortedBy == null && killedAt == null) {
                    killedAt = switched.at();
                    removeAssaults();
                    cutShort();
                }
            }
        }
    }

    /** Ends the watch of the assaults now; called under {@code assaultLock}. */
    private void cutShort() {
        cutShort = true;
        runner.time.wake();
    }

    private void onAlarm(AlarmTransition transition) {
        if (verifier.alarms.contains(transition.alarm())) {
            recorder.stateChanged(new ExperimentReport.StateChange(
                    transition.at(),
                    "alarm",
                    transition.alarm(),
                    transition.from().name(),
                    transition.to().name()));
        }
        if (transition.to() == AlarmState.ALARM && experiment.stopConditions().contains(transition.alarm())) {
            synchronized (assaultLock) {
                if (applied && !removing && killedAt == null) {
                    abortedBy = new ExperimentReport.Abort(transition.alarm(), transition.at());
                    removeAssaults();
                    cutShort();
                }
            }
        }
    }

    private void sample() {
        try {
            Snapshot now = verifier.snapshot();
            long[] traffic = verifier.breakers.isEmpty() && load != null
                    ? new long[] {load.calls.sum(), load.failures.sum()}
                    : verifier.breakerTraffic(runStart, now);
            Map<String, String> breakers = new LinkedHashMap<>();
            verifier.breakers.forEach(name -> breakers.put(name, now.state("circuitBreaker:" + name)));
            Map<String, String> alarms = new LinkedHashMap<>();
            verifier.alarms.forEach(name -> alarms.put(name, now.state("alarm:" + name)));
            recorder.timeline.add(new ExperimentReport.Sample(
                    now.at(), phase, traffic[0], traffic[1], recorder.injections(), breakers, alarms));
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.DEBUG, "A timeline sample of '" + experiment.name() + "' failed", failure);
        }
    }

    private synchronized void enter(String next) {
        Instant now = runner.clock.instant();
        if (phase != null) {
            phases.add(new ExperimentReport.Phase(phase, phaseStartedAt, now));
        }
        phase = next;
        phaseStartedAt = now;
    }

    private ExperimentReport report(Instant startedAt, Verdict forced, String ending) {
        ExperimentReport.Abort abortion = abortedBy;
        Verdict verdict;
        String explanation;
        List<ProbeResult> failed =
                results.stream().filter(r -> r.verdict() == Verdict.FAILED).toList();
        List<ProbeResult> undecided = results.stream()
                .filter(r -> r.verdict() == Verdict.INCONCLUSIVE)
                .toList();
        if (forced != null) {
            verdict = forced;
            explanation = ending;
        } else if (killedAt != null) {
            verdict = Verdict.INCONCLUSIVE;
            explanation = "stopped by the kill switch at " + killedAt
                    + (applied
                            ? ": chaos was switched off while the assaults ran, and they were removed"
                            : ": chaos was switched off before the assaults were applied, so nothing was injected");
        } else if (abortion != null) {
            verdict = Verdict.FAILED;
            explanation = "aborted by " + abortion.alarm() + " at " + abortion.at()
                    + ": the stop condition went to ALARM while the assaults ran, and they were removed at once"
                    + (failed.isEmpty() ? "" : "; " + failed.size() + " probes failed: " + list(failed));
        } else if (!failed.isEmpty()) {
            verdict = Verdict.FAILED;
            explanation = failed.size() + " of " + results.size() + " probes failed: " + list(failed);
        } else if (!undecided.isEmpty()) {
            verdict = Verdict.INCONCLUSIVE;
            explanation =
                    undecided.size() + " of " + results.size() + " probes could not be decided: " + list(undecided);
        } else {
            verdict = Verdict.PASSED;
            explanation = "all " + results.size() + " probes held";
        }
        Instant endedAt = runner.clock.instant();
        return new ExperimentReport(
                ExperimentReport.SCHEMA_VERSION,
                experiment.name(),
                verdict,
                explanation,
                startedAt,
                endedAt,
                abortion,
                phases,
                results,
                recorder.injectionsByAssault(),
                load == null ? null : new ExperimentReport.LoadSummary(load.calls.sum(), load.failures.sum()),
                recorder.stateChanges,
                recorder.timeline);
    }

    private static String list(List<ProbeResult> results) {
        return results.stream()
                .map(result -> result.probe() + ": " + result.explanation())
                .collect(Collectors.joining(" | "));
    }
}
