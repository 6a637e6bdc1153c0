package dev.turbulence.spring;

import dev.turbulence.AssaultSchema;
import dev.turbulence.resilience4j.Experiment;
import dev.turbulence.resilience4j.ExperimentReport;
import dev.turbulence.resilience4j.ExperimentRunner;
import dev.turbulence.resilience4j.ExperimentSchema;
import dev.turbulence.resilience4j.GameDay;
import dev.turbulence.resilience4j.GameDayReport;
import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problem;
import java.security.Principal;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.scheduling.support.CronExpression;

/**
 * {@link ChaosExperiments} on chaos-resilience4j's {@link ExperimentRunner}. Declarations are checked at
 * start-up, every problem at once: their fields as the properties are bound, and the names they give — of
 * circuit breakers, retries, bulkheads, time limiters, rate limiters, fallbacks, alarms — once the singletons are
 * made, against the registries and the names the beans' annotations give ({@link ResilienceAnnotations}); what
 * only a run can see is checked again at run start, and a run that cannot start is refused with the reason. A run
 * writes its reports to {@code chaos.reports-directory}, and a
 * report that cannot be written is logged, never thrown at the application. The kill switch ends the run
 * under way (the runner removes its assaults) and the rest of a game day. Under the production guard nothing
 * starts: not on request, not on schedule, not on an event.
 */
final class ResilienceExperiments
        implements ChaosExperiments, ApplicationListener<ApplicationEvent>, SmartInitializingSingleton, DisposableBean {

    private static final System.Logger LOG = System.getLogger(ResilienceExperiments.class.getName());

    private final ExperimentRunner runner;
    private final ChaosProperties properties;
    private final ChaosGuard guard;
    private final ResilienceAnnotations annotations;
    private final Map<String, Declared> declared = new LinkedHashMap<>();
    private final Map<String, LastRun> lastRuns = new ConcurrentHashMap<>();
    private final AtomicReference<String> running = new AtomicReference<>();
    private final Set<String> triggers;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chaos-experiments");
        thread.setDaemon(true);
        return thread;
    });

    ResilienceExperiments(
            ExperimentRunner runner, ChaosProperties properties, ChaosGuard guard, ResilienceAnnotations annotations) {
        this.runner = runner;
        this.properties = properties;
        this.guard = guard;
        this.annotations = annotations;
        List<Problem> problems = new ArrayList<>();
        properties.experiments().forEach((name, tree) -> declare(name, tree, problems));
        properties.gameDays().forEach((name, experiments) -> declareGameDay(name, experiments, problems));
        if (!problems.isEmpty()) {
            throw new InvalidChaosPropertiesException(problems);
        }
        triggers = declared.values().stream()
                .map(Declared::trigger)
                .filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        if (!guard.blocked()) {
            declared.values().forEach(this::schedule);
        }
    }

    /**
     * Fails start-up, with every problem, when a declared experiment names what the application does not have.
     *
     * @throws InvalidChaosPropertiesException naming each property and what it may name
     */
    @Override
    public void afterSingletonsInstantiated() {
        List<Problem> problems = new ArrayList<>();
        Map<String, Set<String>> named = annotations.names();
        declared.values().stream()
                .filter(declaration -> declaration.kind().equals("experiment"))
                .forEach(declaration -> {
                    try {
                        runner.checkNames(declaration.experiments().get(0), named);
                    } catch (InvalidDefinitionException invalid) {
                        addUnder("chaos.experiments." + declaration.name() + ".", invalid, problems);
                    }
                });
        if (!problems.isEmpty()) {
            throw new InvalidChaosPropertiesException(problems);
        }
    }

    /** An experiment or game day as declared, with when it runs by itself. */
    private record Declared(
            String name, String kind, List<Experiment> experiments, CronExpression schedule, String trigger) {}

    /** The last run of a declaration: its id, and its report once done. */
    private record LastRun(String runId, Object report) {}

    private void declare(String name, ExperimentProperties properties, List<Problem> problems) {
        String prefix = "chaos.experiments." + name + ".";
        Map<String, Object> experimentTree = properties.toTree();
        CronExpression schedule = cron(properties.schedule(), prefix, problems);
        String trigger = properties.trigger();
        experimentTree.putIfAbsent("name", name);
        if (experimentTree.get("load") instanceof Map<?, ?> load && load.containsKey("call")) {
            problems.add(new Problem(
                    prefix + "load.call",
                    load.get("call"),
                    "names a call registered on an ExperimentRunner in plain Java; in a Spring Boot application"
                            + " declare the load as a request to the application (load.request.path)"));
        }
        try {
            Experiment experiment = ExperimentSchema.fromTree(experimentTree);
            if (!experiment.name().equals(name)) {
                problems.add(new Problem(
                        prefix + "name",
                        experiment.name(),
                        "must be '" + name + "' as the experiment is declared under that name"));
            }
            declared.put(name, new Declared(name, "experiment", List.of(experiment), schedule, trigger));
        } catch (InvalidDefinitionException invalid) {
            addUnder(prefix, invalid, problems);
        }
    }

    /** Adds the problems of {@code invalid} with their fields under the property {@code prefix}. */
    private static void addUnder(String prefix, InvalidDefinitionException invalid, List<Problem> problems) {
        invalid.problems()
                .forEach(problem ->
                        problems.add(new Problem(prefix + problem.field(), problem.value(), problem.message())));
    }

    private void declareGameDay(String name, List<String> experimentNames, List<Problem> problems) {
        List<Experiment> experiments = new ArrayList<>();
        for (String experimentName : experimentNames) {
            Declared experiment = declared.get(experimentName);
            if (experiment == null || !experiment.kind().equals("experiment")) {
                problems.add(new Problem(
                        "chaos.game-days." + name,
                        experimentName,
                        "must name experiments declared in chaos.experiments; declared are "
                                + properties.experiments().keySet()));
            } else {
                experiments.addAll(experiment.experiments());
            }
        }
        if (declared.containsKey(name)) {
            problems.add(new Problem("chaos.game-days." + name, name, "must not have the name of an experiment"));
        } else if (!experiments.isEmpty()) {
            declared.put(name, new Declared(name, "gameDay", experiments, null, null));
        }
    }

    private static CronExpression cron(String expression, String prefix, List<Problem> problems) {
        if (expression == null) {
            return null;
        }
        try {
            return CronExpression.parse(expression);
        } catch (IllegalArgumentException invalid) {
            problems.add(new Problem(
                    prefix + "schedule",
                    expression,
                    "must be a cron expression of six fields such as '0 0 10 * * MON-FRI'"));
            return null;
        }
    }

    private void schedule(Declared declaration) {
        if (declaration.schedule() == null) {
            return;
        }
        ZonedDateTime now = ZonedDateTime.now();
        ZonedDateTime next = declaration.schedule().next(now);
        if (next != null) {
            executor.schedule(
                    () -> {
                        start(declaration.name(), null);
                        schedule(declaration);
                    },
                    Duration.between(now, next).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (triggers.isEmpty() || guard.blocked()) {
            return;
        }
        String type = event.getClass().getName();
        if (!triggers.contains(type) && !triggers.contains(event.getClass().getSimpleName())) {
            return;
        }
        declared.values().stream()
                .filter(declaration -> declaration.trigger() != null)
                .filter(declaration -> declaration.trigger().equals(type)
                        || declaration.trigger().equals(event.getClass().getSimpleName()))
                .forEach(declaration -> start(declaration.name(), null));
    }

    @Override
    public List<Map<String, Object>> list() {
        return declared.values().stream().map(this::view).toList();
    }

    private Map<String, Object> view(Declared declaration) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", declaration.name());
        view.put("kind", declaration.kind());
        view.put(
                "experiments",
                declaration.experiments().stream().map(Experiment::name).toList());
        view.put(
                "schedule",
                declaration.schedule() == null ? null : declaration.schedule().toString());
        view.put("trigger", declaration.trigger());
        view.put("running", declaration.name().equals(running.get()));
        LastRun last = lastRuns.get(declaration.name());
        view.put("lastRunId", last == null ? null : last.runId());
        view.put("lastVerdict", last == null || last.report() == null ? null : verdictOf(last.report()));
        return view;
    }

    private static String verdictOf(Object report) {
        if (report instanceof ExperimentReport experiment) {
            return experiment.verdict().name();
        }
        GameDayReport gameDay = (GameDayReport) report;
        return gameDay.reports().stream()
                .map(r -> r.experiment() + "=" + r.verdict())
                .toList()
                .toString();
    }

    @Override
    public Start start(String name, Principal principal) {
        Declared declaration = declared.get(name);
        if (declaration == null) {
            return new Start(
                    Outcome.UNKNOWN,
                    null,
                    "no experiment or game day is declared as '" + name + "'; declared are " + declared.keySet());
        }
        if (guard.blocked()) {
            return new Start(Outcome.BLOCKED, null, guard.reason());
        }
        String current = running.get();
        if (current != null) {
            return alreadyRunning(current);
        }
        List<String> problems = new ArrayList<>();
        for (Experiment experiment : declaration.experiments()) {
            try {
                runner.check(experiment);
            } catch (InvalidDefinitionException invalid) {
                invalid.problems()
                        .forEach(problem -> problems.add("chaos.experiments." + experiment.name() + "." + problem));
            }
        }
        if (!problems.isEmpty()) {
            String reason = "cannot start: " + String.join("; ", problems);
            // a start on schedule or on an event has no caller to answer: the log says why nothing ran
            LOG.log(System.Logger.Level.WARNING, "Chaos " + declaration.kind() + " '" + name + "' " + reason);
            return new Start(Outcome.INVALID, null, reason);
        }
        if (!running.compareAndSet(null, name)) {
            return alreadyRunning(running.get());
        }
        String runId = name + "-" + System.currentTimeMillis();
        lastRuns.put(name, new LastRun(runId, null));
        LOG.log(
                System.Logger.Level.INFO,
                "Chaos " + declaration.kind() + " '" + name + "' starts as " + runId
                        + (principal == null ? "" : ", started by " + principal.getName()));
        executor.execute(() -> run(declaration, runId));
        return new Start(Outcome.STARTED, runId, "started");
    }

    private static Start alreadyRunning(String current) {
        return new Start(Outcome.ALREADY_RUNNING, null, "'" + current + "' is running; one experiment runs at a time");
    }

    private void run(Declared declaration, String runId) {
        try {
            Object report = declaration.kind().equals("experiment")
                    ? runner.run(declaration.experiments().get(0))
                    : new GameDay(declaration.name(), declaration.experiments()).run(runner);
            lastRuns.put(declaration.name(), new LastRun(runId, report));
            write(report);
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.WARNING, "Chaos run " + runId + " failed", failure);
        } finally {
            running.set(null);
        }
    }

    private void write(Object report) {
        try {
            if (report instanceof ExperimentReport experiment) {
                experiment.writeTo(properties.reportsDirectory());
            } else {
                ((GameDayReport) report).writeTo(properties.reportsDirectory());
            }
        } catch (RuntimeException unwritable) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Cannot write a chaos report to " + properties.reportsDirectory() + ": " + unwritable.getMessage());
        }
    }

    @Override
    public Optional<Map<String, Object>> lastReport(String name) {
        return lastReportObject(name).map(report -> {
            String json = report instanceof ExperimentReport experiment
                    ? experiment.toJson()
                    : ((GameDayReport) report).toJson();
            @SuppressWarnings("unchecked")
            Map<String, Object> tree = (Map<String, Object>) AssaultSchema.parseTree(json);
            return tree;
        });
    }

    @Override
    public Optional<String> lastReportHtml(String name) {
        return lastReportObject(name)
                .filter(ExperimentReport.class::isInstance)
                .map(report -> ((ExperimentReport) report).toHtml());
    }

    private Optional<Object> lastReportObject(String name) {
        LastRun last = lastRuns.get(name);
        return Optional.ofNullable(last == null ? null : last.report());
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
        runner.close();
    }
}
