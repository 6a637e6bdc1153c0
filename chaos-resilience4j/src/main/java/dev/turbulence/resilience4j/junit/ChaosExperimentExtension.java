package dev.turbulence.resilience4j.junit;

import dev.turbulence.resilience4j.Experiment;
import dev.turbulence.resilience4j.ExperimentReport;
import dev.turbulence.resilience4j.ExperimentRunner;
import dev.turbulence.resilience4j.Load;
import dev.turbulence.resilience4j.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs chaos experiments as JUnit Jupiter tests, for experiments in continuous delivery. Register it on the test
 * class with {@code @RegisterExtension}, then call {@link #run(Experiment)} in a test, or annotate a test with
 * {@link RunExperiment} to run an experiment file before its body:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ChaosExperimentExtension chaos = ChaosExperimentExtension.of(runner);
 *
 * @Test
 * void inventoryOutageIsContained() {
 *     chaos.run(experiment);                      // fails the test with the verdict's explanation
 * }
 * }</pre>
 *
 * <p>Each run writes its report (JSON and HTML) into the report directory, prints the HTML file's path and
 * publishes both paths as report entries {@code turbulence.report.html} and {@code turbulence.report.json}.
 * After each test, chaos is switched off, the engine's in-memory assaults are removed and the circuit breakers
 * the test's experiments probed are reset, so tests do not leak state into each other. Immutable; safe to share
 * as a static field.
 */
public final class ChaosExperimentExtension
        implements BeforeEachCallback, BeforeTestExecutionCallback, AfterEachCallback, ParameterResolver {

    /** Where reports go unless told otherwise: Maven's build directory. */
    public static final Path DEFAULT_REPORT_DIRECTORY = Path.of("target", "chaos-reports");

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ChaosExperimentExtension.class);
    private static final String EXPERIMENTS = "experiments";
    private static final String REPORT = "report";

    private final ExperimentRunner runner;
    private final Path reportDirectory;
    private final Load load;
    private final ThreadLocal<ExtensionContext> current = new ThreadLocal<>();

    private ChaosExperimentExtension(ExperimentRunner runner, Path reportDirectory, Load load) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.reportDirectory = Objects.requireNonNull(reportDirectory, "reportDirectory");
        this.load = load;
    }

    /** An extension running experiments through {@code runner}, writing reports to {@link #DEFAULT_REPORT_DIRECTORY}. */
    public static ChaosExperimentExtension of(ExperimentRunner runner) {
        return new ChaosExperimentExtension(runner, DEFAULT_REPORT_DIRECTORY, null);
    }

    /** A copy writing its reports into {@code directory}. */
    public ChaosExperimentExtension reportingTo(Path directory) {
        return new ChaosExperimentExtension(runner, directory, load);
    }

    /** A copy giving {@code load} to {@link RunExperiment} experiments, whose files cannot name code. */
    public ChaosExperimentExtension withLoad(Load load) {
        return new ChaosExperimentExtension(runner, reportDirectory, Objects.requireNonNull(load, "load"));
    }

    /**
     * Runs {@code experiment}, writes and publishes its report, and returns it when the verdict is PASSED.
     *
     * @throws AssertionError with the verdict's explanation and the report's path otherwise
     * @throws dev.turbulence.resilience4j.InvalidDefinitionException listing every problem, before anything runs
     */
    public ExperimentReport run(Experiment experiment) {
        ExtensionContext context = current.get();
        if (context != null) {
            experimentsOf(context).add(experiment);
        }
        ExperimentReport report = runner.run(experiment);
        ExperimentReport.Written files = report.writeTo(reportDirectory);
        System.out.println("Chaos experiment '" + report.experiment() + "' " + report.verdict() + "; report: "
                + files.html().toAbsolutePath());
        if (context != null) {
            context.publishReportEntry(Map.of(
                    "turbulence.report.html", files.html().toAbsolutePath().toString(),
                    "turbulence.report.json", files.json().toAbsolutePath().toString()));
        }
        if (report.verdict() != Verdict.PASSED) {
            throw new AssertionError("Experiment '" + report.experiment() + "' " + report.verdict() + ": "
                    + report.explanation() + "\nReport: " + files.html().toAbsolutePath());
        }
        return report;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        current.set(context);
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        Optional<RunExperiment> annotation =
                context.getTestMethod().map(method -> method.getAnnotation(RunExperiment.class));
        if (annotation.isPresent()) {
            Experiment experiment = runner.load(
                    resource(context.getRequiredTestClass(), annotation.get().value()));
            if (experiment.load() == null && load != null) {
                experiment = experiment.withLoad(load);
            }
            context.getStore(NAMESPACE).put(REPORT, run(experiment));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            runner.reset(experimentsOf(context).toArray(Experiment[]::new));
        } finally {
            current.remove();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ExperimentReport.class
                && parameter.getDeclaringExecutable() instanceof Method method
                && method.isAnnotationPresent(RunExperiment.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(REPORT, ExperimentReport.class);
    }

    /** The experiments the current test ran; kept in the store by hand, as JUnit 5 and 6 both allow. */
    @SuppressWarnings("unchecked")
    private static List<Experiment> experimentsOf(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        List<Experiment> experiments = store.get(EXPERIMENTS, List.class);
        if (experiments == null) {
            experiments = new ArrayList<>();
            store.put(EXPERIMENTS, experiments);
        }
        return experiments;
    }

    private static String resource(Class<?> testClass, String name) {
        try (InputStream in = testClass.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException(
                        "no experiment resource '" + name + "' on the classpath of " + testClass.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read experiment resource '" + name + "'", e);
        }
    }
}
